begin;
select plan(6);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
update wahook_private.settings set payload_retention_days = 10, raw_event_retention_days = 60;

select tests.maintenance_conversation() as conversation_id \gset
select tests.maintenance_event('2026-05-22 11:00:00+00') as old_event \gset
select tests.maintenance_event('2026-05-22 13:00:00+00') as young_event \gset
select tests.maintenance_message(:conversation_id, 'wamid.old', 'completed', '2026-05-22 11:00:00+00') as old_message \gset
select tests.maintenance_message(:conversation_id, 'wamid.young', 'completed', '2026-05-22 13:00:00+00') as young_message \gset
insert into wahook_private.business_events (kind, field, payload, received_at)
values ('event', 'account_update', '{"a": 1}', '2026-05-22 11:00:00+00');
insert into wahook_private.outbound_status_events (conversation_id, wamid, status, payload, outcome, received_at)
values (:conversation_id, 'wamid.out', 'delivered', '{"status": "delivered"}', 'unmatched', '2026-05-22 11:00:00+00');

select is(
    wahook.purge_expired() - array[
        'raw_events_deleted', 'business_events_deleted', 'messages_deleted', 'status_events_deleted',
        'conversation_transitions_deleted', 'agent_turns_deleted', 'reply_bodies_cleared', 'cron_runs_deleted',
        'agent_contexts_deleted', 'replies_deleted', 'conversations_deleted', 'media_contents_deleted'
    ],
    '{"message_payloads_cleared": 1, "event_payloads_cleared": 1, "business_event_payloads_cleared": 1,
      "status_event_payloads_cleared": 1}'::jsonb,
    'one payload of each kind is older than 10 days'
);
select is(
    (select payload from wahook_private.processed_webhook_messages where id = :old_message), null,
    'the old message lost its payload'
);
select is(
    (select text_body from wahook_private.processed_webhook_messages where id = :old_message), 'hello',
    'the old message keeps its text (conversation memory)'
);
select isnt(
    (select payload from wahook_private.processed_webhook_messages where id = :young_message), null,
    'the young message keeps its payload'
);
select results_eq(
    'select id, payload is null from wahook_private.webhook_events order by id',
    format('values (%s::bigint, true), (%s::bigint, false)', :old_event, :young_event),
    'the old raw event lost its payload; the young one keeps it; both rows stay'
);
select is(
    (select count(*)::int from wahook_private.outbound_status_events where payload is null), 1,
    'the old status event lost its payload but stays'
);

select * from finish();
rollback;

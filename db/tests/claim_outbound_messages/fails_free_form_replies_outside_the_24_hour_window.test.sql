begin;
select plan(6);

select set_config('wahook.now', '2025-03-01 12:00:00+00', true);
select tests.outbox_conversation('15550801', '2025-02-28 11:59:00+00') as stale \gset
select tests.outbox_conversation('15550802', '2025-02-28 12:01:00+00') as fresh \gset
select tests.outbox_reply(:stale, 'too late') as late_id \gset
select tests.outbox_reply(:fresh, 'in time') as in_time_id \gset
-- A template may be sent outside the window.
select tests.outbox_conversation('15550803', '2025-02-20 12:00:00+00') as old \gset
select tests.outbox_reply(:old, 'template') as template_id \gset
update wahook_private.outbound_messages
set body = '{"type": "template", "template": {"name": "hello", "language": {"code": "en"}}}'
where id = :template_id;

select results_eq(
    $$select outbound_id, refused_code from wahook.claim_outbound_messages('sender-a', 10, 60) order by outbound_id$$,
    format(
        'values (%s::bigint, %L::text), (%s, null), (%s, null)',
        :late_id, 'outside_customer_service_window', :in_time_id, :template_id
    ),
    'the replies to send come back without a refused_code (in the window, or a template); the one outside it with its code'
);
select results_eq(
    format('select status, sender, failed_at, attempt_count from wahook_private.outbound_messages where id = %s', :late_id),
    $$values ('failed', null::text, '2025-03-01 12:00:00+00'::timestamptz, 1)$$,
    'a free-form reply to a customer silent for over 24 hours (engine clock) fails for good, its attempt counted'
);
select is(
    (select errors -> -1 ->> 'code' from wahook_private.outbound_messages where id = :late_id),
    'outside_customer_service_window',
    'with the error code in its errors'
);
select is(
    (select status from wahook_private.outbound_messages where id = :in_time_id),
    'sending',
    'the one in the window is being sent'
);

select tests.outbox_conversation('15550804') as silent \gset
update wahook_private.webhook_conversations set last_inbound_at = null where conversation_id = :silent;
select tests.outbox_reply(:silent, 'hello?') as silent_id \gset
select results_eq(
    $$select refused_code from wahook.claim_outbound_messages('sender-a', 10, 60)$$,
    $$values ('outside_customer_service_window'::text)$$,
    'a customer who never wrote gets no free-form reply'
);
select is(
    (select status from wahook_private.outbound_messages where id = :silent_id), 'failed', 'it fails too'
);

select * from finish();
rollback;

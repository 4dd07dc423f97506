begin;
select plan(3);

select results_eq(
    $$select kind, external_id, conversation_id, outcome from wahook.process_message(
        tests.status_body('100000001', '15550001', 'wamid.nobody', 'delivered', 1780315200), 'req-s')$$,
    $$values ('status', 'wamid.nobody', wahook_private.conversation_key('100000001', '15550001'), 'unmatched')$$,
    'a status of a wamid the outbox does not know is unmatched'
);
select results_eq(
    $$select status, outcome, applied_at, correlation_id, payload ->> 'recipient_id' from wahook_private.outbound_status_events$$,
    $$values ('delivered', 'unmatched', null::timestamptz, 'req-s', '15550001')$$,
    'it is kept, not applied'
);
select is(
    (select count(*)::int from wahook_private.webhook_conversations),
    0,
    'a status creates no conversation'
);

select * from finish();
rollback;

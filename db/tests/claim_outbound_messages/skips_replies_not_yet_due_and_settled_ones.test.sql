begin;
select plan(2);

select set_config('wahook.now', '2025-03-01 12:00:00+00', true);
select tests.outbox_conversation('15550201') as c1 \gset
select tests.outbox_conversation('15550202') as c2 \gset
select tests.outbox_conversation('15550203') as c3 \gset
select tests.outbox_reply(:c1, 'later', p_next_attempt_at => '2025-03-01 12:00:01+00') as not_due \gset
select tests.outbox_reply(:c2, 'now', p_next_attempt_at => '2025-03-01 12:00:00+00') as due \gset
select tests.outbox_reply(:c3, 'sent', 'sent');
select tests.outbox_reply(:c3, 'failed', 'failed');

select results_eq(
    $$select outbound_id from wahook.claim_outbound_messages('sender-a')$$,
    format('values (%s::bigint)', :due),
    'only the queued reply whose next_attempt_at has come is claimed'
);

select set_config('wahook.now', '2025-03-01 12:00:01+00', true);
select results_eq(
    $$select outbound_id from wahook.claim_outbound_messages('sender-a')$$,
    format('values (%s::bigint)', :not_due),
    'the other one once it is due'
);

select * from finish();
rollback;

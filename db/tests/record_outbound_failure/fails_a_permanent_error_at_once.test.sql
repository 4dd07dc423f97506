begin;
select plan(3);

select set_config('wahook.now', '2025-03-01 12:00:00+00', true);
select tests.outbox_conversation('15551301') as c \gset
select tests.outbox_reply(:c) as r \gset

select outbound_id from wahook.claim_outbound_messages('sender-a');
select results_eq(
    format(
        $$select status, attempt_count from wahook.record_outbound_failure(%s, %s, 'sender-a', '131047', 'Re-engagement message', false)$$,
        :c, :r
    ),
    $$values ('failed', 1)$$,
    'a permanent error fails the reply at the first try'
);
select is(
    (select failed_at from wahook_private.outbound_messages where id = :r),
    '2025-03-01 12:00:00+00'::timestamptz,
    'failed_at is set'
);

select set_config('wahook.now', '2025-03-02 12:00:00+00', true);
select is_empty($$select * from wahook.claim_outbound_messages('sender-a')$$, 'a failed reply is never claimed again');

select * from finish();
rollback;

begin;
select plan(4);

select set_config('wahook.now', '2025-03-01 12:00:00+00', true);
select tests.outbox_conversation('15551401') as c \gset
select tests.outbox_reply(:c, 'first') as r \gset
select tests.outbox_reply(:c, 'second');

select outbound_id from wahook.claim_outbound_messages('sender-a');
select results_eq(
    format(
        $$select status, next_attempt_at from wahook.record_outbound_failure(%s, %s, 'sender-a', 'timeout', 'read timeout', true, true)$$,
        :c, :r
    ),
    $$values ('unknown', null::timestamptz)$$,
    'an ambiguous failure makes the reply unknown, even when the error is retryable'
);
select is(
    (select row(sender, sending_expires_at, failed_at)::text from wahook_private.outbound_messages where id = :r),
    '(,,)',
    'no longer held, not failed'
);

select set_config('wahook.now', '2025-03-02 12:00:00+00', true);
select is_empty(
    $$select * from wahook.claim_outbound_messages('sender-a')$$,
    'neither the unknown reply nor the one behind it is claimed, however late'
);
select is(
    (select status from wahook_private.outbound_messages where id = :r), 'unknown', 'it stays unknown'
);

select * from finish();
rollback;

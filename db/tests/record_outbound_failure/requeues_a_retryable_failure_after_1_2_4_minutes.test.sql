begin;
select plan(7);

select wahook.update_settings('{"retry_jitter_ratio": 0, "retry_base_seconds": 60, "retry_max_attempts": 3}');
select set_config('wahook.now', '2025-03-01 12:00:00+00', true);
select tests.outbox_conversation('15551101') as c \gset
select tests.outbox_reply(:c) as r \gset

select outbound_id from wahook.claim_outbound_messages('sender-a');
select results_eq(
    format($$select * from wahook.record_outbound_failure(%s, %s, 'sender-a', '130429', 'Rate limit hit', true)$$, :c, :r),
    $$values ('queued', 1, '2025-03-01 12:01:00+00'::timestamptz)$$,
    'the first retryable failure queues the reply again, due in 1 minute'
);
select is(
    (select row(sender, sending_expires_at, failed_at)::text from wahook_private.outbound_messages where id = :r),
    '(,,)',
    'no longer held, not failed'
);
select is_empty($$select * from wahook.claim_outbound_messages('sender-a')$$, 'not claimable before it is due');

select set_config('wahook.now', '2025-03-01 12:01:00+00', true);
select results_eq(
    $$select attempt_count from wahook.claim_outbound_messages('sender-a')$$,
    $$values (2)$$,
    'due after the backoff: the second try'
);
select results_eq(
    format($$select next_attempt_at from wahook.record_outbound_failure(%s, %s, 'sender-a', '131000', 'Something went wrong', true)$$, :c, :r),
    $$values ('2025-03-01 12:03:00+00'::timestamptz)$$,
    'the second failure waits 2 minutes'
);

select set_config('wahook.now', '2025-03-01 12:03:00+00', true);
select outbound_id from wahook.claim_outbound_messages('sender-a');
select results_eq(
    format($$select next_attempt_at from wahook.record_outbound_failure(%s, %s, 'sender-a', '131000', 'Something went wrong', true)$$, :c, :r),
    $$values ('2025-03-01 12:07:00+00'::timestamptz)$$,
    'the third failure waits 4 minutes'
);
select is(
    (select status from wahook_private.outbound_messages where id = :r), 'queued', 'still queued for its last retry'
);

select * from finish();
rollback;

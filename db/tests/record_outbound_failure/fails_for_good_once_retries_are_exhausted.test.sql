begin;
select plan(3);

select wahook.update_settings('{"retry_max_attempts": 1, "retry_jitter_ratio": 0}');
select set_config('wahook.now', '2025-03-01 12:00:00+00', true);
select tests.outbox_conversation('15551201') as c \gset
select tests.outbox_reply(:c) as r \gset

select outbound_id from wahook.claim_outbound_messages('sender-a');
select results_eq(
    format($$select status from wahook.record_outbound_failure(%s, %s, 'sender-a', '131000', 'oops', true)$$, :c, :r),
    $$values ('queued')$$,
    'the one retry allowed is scheduled'
);

select set_config('wahook.now', '2025-03-01 13:00:00+00', true);
select outbound_id from wahook.claim_outbound_messages('sender-a');
select results_eq(
    format($$select status, attempt_count, next_attempt_at from wahook.record_outbound_failure(%s, %s, 'sender-a', '131000', 'oops', true)$$, :c, :r),
    $$values ('failed', 2, null::timestamptz)$$,
    'a retryable failure with no retry left fails the reply'
);
select is(
    (select failed_at from wahook_private.outbound_messages where id = :r),
    '2025-03-01 13:00:00+00'::timestamptz,
    'failed_at is the time of the last failure'
);

select * from finish();
rollback;

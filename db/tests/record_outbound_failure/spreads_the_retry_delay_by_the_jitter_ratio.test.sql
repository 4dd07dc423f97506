begin;
select plan(1);

select wahook.update_settings('{"retry_jitter_ratio": 0.5, "retry_base_seconds": 100}');
select set_config('wahook.now', '2025-03-01 12:00:00+00', true);
select tests.outbox_conversation('15551801') as c \gset
select tests.outbox_reply(:c) as r \gset

select outbound_id from wahook.claim_outbound_messages('sender-a');
select ok(
    (select extract(epoch from f.next_attempt_at - '2025-03-01 12:00:00+00'::timestamptz) between 50 and 150
        from wahook.record_outbound_failure(:c, :r, 'sender-a', '130429', 'Rate limit hit', true) as f),
    'the first retry is due 100 seconds later, plus or minus half'
);

select * from finish();
rollback;

begin;
select plan(1);

select wahook.update_settings('{"retry_jitter_ratio": 0}');
select set_config('wahook.now', '2025-03-01 12:00:00+00', true);
select tests.outbox_conversation('15551501') as c \gset
select tests.outbox_reply(:c) as r \gset

select outbound_id from wahook.claim_outbound_messages('sender-a');
select status from wahook.record_outbound_failure(:c, :r, 'sender-a', '130429', 'Rate limit hit', true);
select set_config('wahook.now', '2025-03-01 12:01:00+00', true);
select outbound_id from wahook.claim_outbound_messages('sender-a');
select status from wahook.record_outbound_failure(:c, :r, 'sender-a', '131026', 'Message undeliverable', false);

select is(
    (select errors from wahook_private.outbound_messages where id = :r),
    $$[
        {"attempt": 1, "at": "2025-03-01T12:00:00+00:00", "code": "130429", "message": "Rate limit hit"},
        {"attempt": 2, "at": "2025-03-01T12:01:00+00:00", "code": "131026", "message": "Message undeliverable"}
    ]$$::jsonb,
    'every failure is kept, oldest first'
);

select * from finish();
rollback;

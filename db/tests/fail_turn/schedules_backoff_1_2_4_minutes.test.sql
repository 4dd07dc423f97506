begin;
select plan(7);

select tests.without_jitter();
select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');

select * from wahook.claim_conversation('worker-1') \gset t_
select is(
    (select row(outcome, next_attempt_at)::text from wahook.fail_turn(:t_conversation_id, :t_lease_token, 'timeout', 'slow')),
    row('retry_scheduled', '2026-06-01 12:01:00+00'::timestamptz)::text,
    'the first retry comes after 1 minute'
);
select is(
    (select row(state, available_at)::text from wahook_private.webhook_conversations where conversation_id = :t_conversation_id),
    row('retry_wait', '2026-06-01 12:01:00+00'::timestamptz)::text,
    'the conversation waits in retry_wait until then'
);
select is(
    (select row(status, attempt_count, next_attempt_at)::text from wahook_private.webhook_dlq where wamid = 'wamid.a'),
    row('retry_scheduled', 1, '2026-06-01 12:01:00+00'::timestamptz)::text,
    'the DLQ row is retry_scheduled with the attempt and the time'
);
select is(tests.message_status(:t_conversation_id, 'wamid.a'), 'pending', 'the message is pending again');

select set_config('wahook.now', '2026-06-01 12:01:00+00', true);
select * from wahook.claim_conversation('worker-1') \gset t_
select is(
    (select next_attempt_at from wahook.fail_turn(:t_conversation_id, :t_lease_token, 'timeout', 'slow')),
    '2026-06-01 12:03:00+00'::timestamptz,
    'the second after 2 minutes'
);

select set_config('wahook.now', '2026-06-01 12:03:00+00', true);
select * from wahook.claim_conversation('worker-1') \gset t_
select is(
    (select next_attempt_at from wahook.fail_turn(:t_conversation_id, :t_lease_token, 'timeout', 'slow')),
    '2026-06-01 12:07:00+00'::timestamptz,
    'the third after 4 minutes'
);
select is(
    (select attempt_count from wahook_private.processed_webhook_messages where wamid = 'wamid.a'), 3,
    'three failed attempts are counted'
);

select * from finish();
rollback;

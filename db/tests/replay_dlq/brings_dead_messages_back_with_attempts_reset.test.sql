begin;
select plan(5);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');
select * from wahook.claim_conversation('worker-1') \gset t_
select wahook.fail_turn(:t_conversation_id, :t_lease_token, 'auth', 'bad key', false);
select id as dlq_id from wahook_private.webhook_dlq where wamid = 'wamid.a' \gset

select is(wahook.replay_dlq(array[:dlq_id]::bigint []), 1, 'one message is replayed');
select is(
    (select row(status, attempt_count, dead_at)::text from wahook_private.processed_webhook_messages where wamid = 'wamid.a'),
    row('pending', 0, null::timestamptz)::text,
    'the message is pending with its attempts reset'
);
select is(
    (select row(status, replayed_at, jsonb_array_length(errors))::text from wahook_private.webhook_dlq where id = :dlq_id),
    row('replayed', '2026-06-01 12:00:00+00'::timestamptz, 1)::text,
    'the DLQ row is replayed, its history kept'
);
select is(tests.conversation_state(:t_conversation_id), 'pending', 'the idle conversation is pending');
select is(
    (select (messages -> 0 ->> 'wamid') || '#' || (messages -> 0 ->> 'attempt') from wahook.claim_conversation('worker-1')),
    'wamid.a#1',
    'and the next claim takes it as a first attempt'
);

select * from finish();
rollback;

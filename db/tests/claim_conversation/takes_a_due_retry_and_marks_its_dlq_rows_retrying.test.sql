begin;
select plan(4);

select tests.without_jitter();
select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');
select * from wahook.claim_conversation('worker-1') \gset t1_
select wahook.fail_turn(:t1_conversation_id, :t1_lease_token, 'timeout', 'provider timed out');

select set_config('wahook.now', '2026-06-01 12:00:59+00', true);
select is_empty('select * from wahook.claim_conversation(''worker-1'')', 'not before the retry is due');

select set_config('wahook.now', '2026-06-01 12:01:00+00', true);
select * from wahook.claim_conversation('worker-1') \gset t2_
select is(:t2_conversation_id, :t1_conversation_id, 'a due retry_wait conversation is claimed directly');
select is((:'t2_messages'::jsonb) -> 0 ->> 'attempt', '2', 'as the second attempt');
select is(
    (select status || '/' || (next_attempt_at is null)::text from wahook_private.webhook_dlq where wamid = 'wamid.a'),
    'retrying/true',
    'its DLQ row is retrying'
);

select * from finish();
rollback;

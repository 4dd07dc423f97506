begin;
select plan(2);

select tests.without_jitter();
select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');
select * from wahook.claim_conversation('worker-1') \gset t1_
select wahook.fail_turn(:t1_conversation_id, :t1_lease_token, 'timeout', 'slow');
select set_config('wahook.now', '2026-06-01 12:01:00+00', true);
select * from wahook.claim_conversation('worker-1') \gset t2_
select wahook.complete_turn(:t2_conversation_id, :t2_lease_token, 'ok', 1, '{}');

select is(
    (select row(status, resolved_at, jsonb_array_length(errors))::text from wahook_private.webhook_dlq where wamid = 'wamid.a'),
    row('resolved', '2026-06-01 12:01:00+00'::timestamptz, 1)::text,
    'a retried message that succeeds has its DLQ row resolved, its error kept'
);
select is(tests.message_status(:t1_conversation_id, 'wamid.a'), 'completed', 'and is completed');

select * from finish();
rollback;

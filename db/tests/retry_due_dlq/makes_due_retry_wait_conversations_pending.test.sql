begin;
select plan(4);

select tests.without_jitter();
select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');
select * from wahook.claim_conversation('worker-1') \gset t_
select wahook.fail_turn(:t_conversation_id, :t_lease_token, 'timeout', 'slow');

select set_config('wahook.now', '2026-06-01 12:00:59+00', true);
select is(wahook.retry_due_dlq(), 0, 'a retry not yet due is left');
select is(tests.conversation_state(:t_conversation_id), 'retry_wait', 'waiting');

select set_config('wahook.now', '2026-06-01 12:01:00+00', true);
select is(wahook.retry_due_dlq(), 1, 'a due retry is moved');
select is(
    (select row(c.state, d.status)::text from wahook_private.webhook_conversations as c
     inner join wahook_private.webhook_dlq as d on c.conversation_id = d.conversation_id),
    row('pending', 'retry_scheduled')::text,
    'the conversation is pending; its DLQ rows stay retry_scheduled until claimed'
);

select * from finish();
rollback;

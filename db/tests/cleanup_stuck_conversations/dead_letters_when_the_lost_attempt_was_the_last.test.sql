begin;
select plan(3);

update wahook_private.settings set retry_max_attempts = 0;
select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');
select * from wahook.claim_conversation('worker-1') \gset t_

select set_config('wahook.now', '2026-06-01 12:05:00+00', true);
select is(
    (wahook.cleanup_stuck_conversations() ->> 'messages_dead')::int, 1,
    'a message whose lost attempt was its last is dead'
);
select is(
    (select row(status, errors -> 0 ->> 'code')::text from wahook_private.webhook_dlq where wamid = 'wamid.a'),
    row('dead', 'lease_expired')::text,
    'with the lease expiry as its error'
);
select is(tests.conversation_state(:t_conversation_id), 'idle', 'and the conversation moves on');

select * from finish();
rollback;

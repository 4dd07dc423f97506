begin;
select plan(4);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');
select tests.conversation_of('100000001', '15550001') as conversation_id \gset
select wahook.pause_conversation(:conversation_id, 'a human answers');
select tests.add_message('100000001', '15550001', 'wamid.b', '2026-06-01 12:00:00+00');

select is(wahook.resume_conversation(:conversation_id), 'pending', 'with messages waiting it becomes pending');
select is(
    (select paused_reason from wahook_private.webhook_conversations where conversation_id = :conversation_id), null,
    'the reason is cleared'
);
select is(
    (select jsonb_array_length(messages) from wahook.claim_conversation('worker-1')), 2,
    'the next claim takes what arrived before and during the pause'
);

select tests.add_message('100000001', '15550002', 'wamid.c', '2026-06-01 12:00:00+00');
select wahook.pause_conversation(tests.conversation_of('100000001', '15550002'), 'x');
update wahook_private.processed_webhook_messages set status = 'ignored' where wamid = 'wamid.c';
select is(
    wahook.resume_conversation(tests.conversation_of('100000001', '15550002')), 'idle',
    'with nothing waiting it becomes idle'
);

select * from finish();
rollback;

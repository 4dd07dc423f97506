begin;
select plan(3);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');
select tests.conversation_of('100000001', '15550001') as conversation_id \gset
select wahook.pause_conversation(:conversation_id, 'a human answers');

select is(wahook.resume_conversation(:conversation_id, true, 'agent@example.com'), 'idle', 'nothing is left: idle');
select is(tests.message_status(:conversation_id, 'wamid.a'), 'skipped', 'the waiting message is skipped');
select is(
    (select reason from wahook_private.message_state_transitions where to_state = 'skipped'), 'discarded on resume',
    'and audited'
);

select * from finish();
rollback;

begin;
select plan(3);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');
select wahook.pause_conversation(tests.conversation_of('100000001', '15550001'), 'a human answers');
select tests.add_message('100000001', '15550001', 'wamid.b', '2026-06-01 11:59:10+00');
select tests.add_message('100000001', '15550002', 'wamid.c', '2026-06-01 11:59:20+00');

select is(
    (select conversation_id from wahook.claim_conversation('worker-1')),
    tests.conversation_of('100000001', '15550002'),
    'the other conversation is claimed'
);
select is_empty('select * from wahook.claim_conversation(''worker-1'')', 'the paused one never is');
select is(
    tests.message_status(tests.conversation_of('100000001', '15550001'), 'wamid.b'), 'pending',
    'a message to a paused conversation is recorded and waits'
);

select * from finish();
rollback;

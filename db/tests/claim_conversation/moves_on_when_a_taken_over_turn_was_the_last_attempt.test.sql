begin;
select plan(3);

update wahook_private.settings set retry_max_attempts = 0;
select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');
select * from wahook.claim_conversation('worker-1') \gset first_
select tests.add_message('100000001', '15550002', 'wamid.b', '2026-06-01 12:00:00+00');

select set_config('wahook.now', '2026-06-01 12:03:00+00', true);
select is(
    (select conversation_id from wahook.claim_conversation('worker-2')),
    tests.conversation_of('100000001', '15550002'),
    'an expired lease whose messages are now dead leaves nothing to claim there: the next ready one is taken'
);
select is(tests.message_status(:first_conversation_id, 'wamid.a'), 'dead', 'the lost turn''s message is dead');
select is(tests.conversation_state(:first_conversation_id), 'idle', 'its conversation moved on');

select * from finish();
rollback;

begin;
select plan(3);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.1', '2026-06-01 11:59:00+00');
select tests.add_message('100000001', '15550002', 'wamid.2', '2026-06-01 11:59:00+00');
-- An inconsistency: pending, but its message is gone.
delete from wahook_private.processed_webhook_messages where wamid = 'wamid.1';

select results_eq(
    'select customer_id from wahook.claim_conversations(''worker-1'', 2)',
    $$values ('15550002')$$,
    'the empty conversation is not returned; the next one is'
);
select is(
    tests.conversation_state(tests.conversation_of('100000001', '15550001')), 'idle',
    'the empty one is repaired to idle'
);
select is(
    (
        select reason || '/' || actor from wahook_private.conversation_state_transitions
        where conversation_id = tests.conversation_of('100000001', '15550001') order by id desc limit 1
    ),
    'repair: nothing is pending/worker-1',
    'through the transition function, audited'
);

select * from finish();
rollback;

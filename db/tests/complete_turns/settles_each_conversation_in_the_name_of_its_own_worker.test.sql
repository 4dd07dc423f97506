begin;
select plan(2);

-- The audit rows of a settle name one actor per call; a batch may hold turns of several workers
-- (a worker's leases outlive a restart under a new name), and each must be settled in its own name.
select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.1', '2026-06-01 11:59:00+00');
select tests.add_message('100000001', '15550002', 'wamid.2', '2026-06-01 11:59:00+00');
select * from wahook.claim_conversation('worker-1') \gset a_
select * from wahook.claim_conversation('worker-2') \gset b_

select is(
    (select count(*)::int from wahook.complete_turns(jsonb_build_array(
        jsonb_build_object('conversation_id', :a_conversation_id, 'lease_token', :a_lease_token, 'reply_text', 'to a'),
        jsonb_build_object('conversation_id', :b_conversation_id, 'lease_token', :b_lease_token, 'reply_text', 'to b')
    )) where error_sqlstate is null),
    2,
    'both turns are completed'
);
select is(
    array(
        select t.actor || ':' || t.lease_token || ':' || t.to_state
        from wahook_private.conversation_state_transitions as t
        where t.reason = 'turn completed' order by t.lease_token
    ),
    array['worker-1:' || :a_lease_token || ':idle', 'worker-2:' || :b_lease_token || ':idle'],
    'each conversation is settled in the name of the worker that held it'
);

select * from finish();
rollback;

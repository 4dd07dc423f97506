begin;
select plan(5);

-- The batch is checked against the leases as they were before it; a conversation named twice with
-- its live token must still be completed once, as the per-turn loop did.
select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.1', '2026-06-01 11:59:00+00', 'hi');
select * from wahook.claim_conversation('worker-1') \gset a_

create temporary table done on commit drop as
select * from wahook.complete_turns(jsonb_build_array(
    jsonb_build_object('conversation_id', :a_conversation_id, 'lease_token', :a_lease_token, 'reply_text', 'first'),
    jsonb_build_object('conversation_id', :a_conversation_id, 'lease_token', :a_lease_token, 'reply_text', 'second')
));

select is(
    array(select coalesce(error_sqlstate, 'ok') from done),
    array['ok', 'WH010'],
    'the first turn is completed, the second is reported as lost'
);
select is(
    array(select o.body -> 'text' ->> 'body' from wahook_private.outbound_messages as o where o.conversation_id = :a_conversation_id),
    array['first'],
    'one reply is queued: the first turn''s'
);
select is(
    (select count(*)::int from wahook_private.agent_contexts where conversation_id = :a_conversation_id), 2,
    'the turn is stored as memory once'
);
select is(
    (select turn_count::int from wahook_private.agent_sessions where conversation_id = :a_conversation_id), 1,
    'the session counts one turn'
);
select is(
    (select count(*)::int from wahook_private.conversation_state_transitions
     where conversation_id = :a_conversation_id and reason = 'turn completed'), 1,
    'the conversation is settled once'
);

select * from finish();
rollback;

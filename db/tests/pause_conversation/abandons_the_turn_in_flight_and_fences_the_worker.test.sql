begin;
select plan(7);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');
select * from wahook.claim_conversation('worker-1') \gset t_

select is(
    wahook.pause_conversation(:t_conversation_id, 'a human answers', 'agent@example.com'), 'processing',
    'pause returns the state it left'
);
select is(
    (select row(state, paused_reason, lease_token)::text from wahook_private.webhook_conversations where conversation_id = :t_conversation_id),
    row('paused', 'a human answers', null::bigint)::text,
    'the conversation is paused with its reason, and the lease is gone'
);
select is(
    (select row(status, attempt_count)::text from wahook_private.processed_webhook_messages where wamid = 'wamid.a'),
    row('pending', 0)::text,
    'the turn''s messages are pending again, without counting an attempt'
);
select is(
    (select row(status, error_code)::text from wahook_private.agent_turns where lease_token = :t_lease_token),
    row('abandoned', 'paused')::text,
    'the turn is abandoned'
);
select throws_ok(
    format('select wahook.complete_turn(%s, %s, %L, 1, %L)', :t_conversation_id, :t_lease_token, 'late', '{}'),
    'WH010', null, 'the worker cannot complete: the agent does not answer over the human'
);
select is(
    (select row(actor, reason)::text from wahook_private.conversation_state_transitions
     where conversation_id = :t_conversation_id and to_state = 'paused'),
    row('agent@example.com', 'paused: a human answers')::text,
    'the pause is audited with its actor'
);
select throws_ok('select wahook.pause_conversation(42, ''x'')', 'WH011', null, 'an unknown conversation is WH011');

select * from finish();
rollback;

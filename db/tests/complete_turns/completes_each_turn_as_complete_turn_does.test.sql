begin;
select plan(6);

-- The first conversation becomes ready first, so the first claim takes it whatever the row order.
select set_config('wahook.now', '2026-06-01 11:59:30+00', true);
select tests.add_message('100000001', '15550001', 'wamid.1', '2026-06-01 11:59:00+00', 'hi');
select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550002', 'wamid.2', '2026-06-01 11:59:00+00', 'yo');
select * from wahook.claim_conversation('worker-1') \gset a_
select * from wahook.claim_conversation('worker-1') \gset b_

create temporary table done on commit drop as
select * from wahook.complete_turns(jsonb_build_array(
    jsonb_build_object(
        'conversation_id', :a_conversation_id, 'lease_token', :a_lease_token, 'reply_text', 'answer a',
        'reply_tokens', 7, 'message_tokens', jsonb_build_object((:'a_messages'::jsonb) -> 0 ->> 'id', 5),
        'usage', jsonb_build_object('provider', 'echo', 'model', 'echo-1', 'tokens_in', 3, 'tokens_out', 2, 'latency_ms', 4),
        'correlation_id', 'corr-a'
    ),
    jsonb_build_object('conversation_id', :b_conversation_id, 'lease_token', :b_lease_token)
));

select is((select count(*)::int from done where error_sqlstate is null), 2, 'both turns are completed');
select is(
    (select o.body -> 'text' ->> 'body' from done as d inner join wahook_private.outbound_messages as o on d.outbox_id = o.id),
    'answer a',
    'a reply is queued in the outbox and its id returned'
);
select is(
    (select outbox_id from done where conversation_id = :b_conversation_id), null,
    'a turn without a reply queues nothing'
);
select results_eq(
    format(
        'select role, content, token_count from wahook_private.agent_contexts where conversation_id = %s order by id',
        :a_conversation_id
    ),
    $$values ('user', 'hi', 5), ('assistant', 'answer a', 7)$$,
    'the turn is stored as memory with its token counts'
);
select is(
    (select status || '/' || provider || '/' || tokens_in || '/' || correlation_id from wahook_private.agent_turns where lease_token = :a_lease_token),
    'completed/echo/3/corr-a',
    'the turn records its usage'
);
select is(
    array[
        tests.conversation_state(:a_conversation_id), tests.conversation_state(:b_conversation_id),
        tests.message_status(:a_conversation_id, 'wamid.1'), tests.message_status(:b_conversation_id, 'wamid.2')
    ],
    array['idle', 'idle', 'completed', 'completed'],
    'the messages are completed and the conversations released'
);

select * from finish();
rollback;

begin;
select plan(6);

-- Three turns written together: the lost one in the middle of the batch must change nothing, and
-- each live turn must get its own messages, reply, lease token and audit rows (no mix-up when the
-- rows of several turns go through one statement).
select set_config('wahook.now', '2026-06-01 11:59:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:58:00+00', 'from a');
select * from wahook.claim_conversation('worker-1', 600) \gset a_
select tests.add_message('100000001', '15550002', 'wamid.b', '2026-06-01 11:58:00+00', 'from b');
select * from wahook.claim_conversation('worker-1', 60) \gset b_
select tests.add_message('100000001', '15550003', 'wamid.c1', '2026-06-01 11:58:00+00', 'from c 1');
select tests.add_message('100000001', '15550003', 'wamid.c2', '2026-06-01 11:58:30+00', 'from c 2');
select * from wahook.claim_conversation('worker-1', 600) \gset c_

-- b's lease runs out and another worker takes b over.
select set_config('wahook.now', '2026-06-01 12:01:00+00', true);
select * from wahook.claim_conversation('worker-2') \gset thief_

create temporary table done on commit drop as
select * from wahook.complete_turns(jsonb_build_array(
    jsonb_build_object('conversation_id', :a_conversation_id, 'lease_token', :a_lease_token, 'reply_text', 'to a'),
    jsonb_build_object('conversation_id', :b_conversation_id, 'lease_token', :b_lease_token, 'reply_text', 'to b'),
    jsonb_build_object('conversation_id', :c_conversation_id, 'lease_token', :c_lease_token, 'reply_text', 'to c')
));

select is(
    (select array_agg(coalesce(error_sqlstate, 'ok') order by lease_token) from done),
    array['ok', 'WH010', 'ok'],
    'the turn in the middle is reported lost, its neighbours completed'
);
select is(
    array(
        select o.conversation_id::text || ':' || o.lease_token || ':' || (o.body -> 'text' ->> 'body') || ':' || o.recipient
        from wahook_private.outbound_messages as o order by o.lease_token
    ),
    array[
        :a_conversation_id || ':' || :a_lease_token || ':to a:15550001',
        :c_conversation_id || ':' || :c_lease_token || ':to c:15550003'
    ],
    'each live turn queues its own reply to its own customer under its own token'
);
select is(
    array(
        select ctx.conversation_id::text || ':' || ctx.lease_token || ':' || ctx.role || ':' || ctx.content
        from wahook_private.agent_contexts as ctx
        order by (ctx.lease_token, ctx.id)
    ),
    array[
        :a_conversation_id || ':' || :a_lease_token || ':user:from a',
        :a_conversation_id || ':' || :a_lease_token || ':assistant:to a',
        :c_conversation_id || ':' || :c_lease_token || ':user:from c 1',
        :c_conversation_id || ':' || :c_lease_token || ':user:from c 2',
        :c_conversation_id || ':' || :c_lease_token || ':assistant:to c'
    ]::text [],
    'each live turn is stored as memory, its messages in order and then its reply'
);
select is(
    array(
        select t.message_id::text || ':' || t.lease_token
        from wahook_private.message_state_transitions as t
        where t.to_state = 'completed' order by t.message_id
    ),
    array(
        select m.id::text || ':' || case m.conversation_id when :a_conversation_id then :a_lease_token else :c_lease_token end
        from wahook_private.processed_webhook_messages as m
        where m.wamid in ('wamid.a', 'wamid.c1', 'wamid.c2') order by m.id
    ),
    'each completed message has its audit row naming its own turn''s lease'
);
select is(
    array[
        tests.message_status(:a_conversation_id, 'wamid.a'), tests.message_status(:b_conversation_id, 'wamid.b'),
        tests.message_status(:c_conversation_id, 'wamid.c2'),
        tests.conversation_state(:a_conversation_id), tests.conversation_state(:b_conversation_id),
        tests.conversation_state(:c_conversation_id)
    ],
    array['completed', 'processing', 'completed', 'idle', 'processing', 'idle'],
    'the live turns are completed and settled, the lost one is left to its new holder'
);
select is(
    (select lease_owner || '/' || lease_token from wahook_private.webhook_conversations where conversation_id = :b_conversation_id),
    'worker-2/' || :thief_lease_token,
    'the lost conversation keeps its new lease'
);

select * from finish();
rollback;

begin;
select plan(8);

-- Two answered turns; the customer then edits the first message and deletes the second.
select tests.ingest(tests.text_message_body('100000001', '15550121', 'wamid.a.1', 1780315200, 'I need 2 tickets'));
select tests.conversation_of('100000001', '15550121') as conv \gset
select * from wahook.claim_conversation('worker-1') \gset t1_
select wahook.complete_turn(:t1_conversation_id, :t1_lease_token, 'Two tickets, noted', 9, jsonb_build_object(
    (:'t1_messages'::jsonb -> 0 ->> 'id'), 11
));
select tests.ingest(tests.text_message_body('100000001', '15550121', 'wamid.a.2', 1780315260, 'my address is 1 Main St'));
select * from wahook.claim_conversation('worker-1') \gset t2_
select wahook.complete_turn(:t2_conversation_id, :t2_lease_token, 'Thanks', 5, jsonb_build_object(
    (:'t2_messages'::jsonb -> 0 ->> 'id'), 13
));

select is(
    tests.ingest(tests.edit_body('100000001', '15550121', 'wamid.a.edit', 1780315300, 'wamid.a.1', 'I need 3 tickets')),
    'ignored',
    'the edit of an answered message is stored'
);
select is(
    (select row(a.content, a.token_count)::text from wahook_private.agent_contexts as a
     inner join wahook_private.processed_webhook_messages as m on a.conversation_id = m.conversation_id and a.message_id = m.id
     where m.conversation_id = :conv and m.wamid = 'wamid.a.1'),
    row('I need 3 tickets', 11)::text,
    'its memory reads the new text, the count scaled from the tiktoken one (same length: the same)'
);
select is(tests.conversation_state(:conv), 'idle', 'an answered message edited makes no new turn');

select tests.ingest(tests.revoke_body('100000001', '15550121', 'wamid.a.revoke', 1780315320, 'wamid.a.2'));
select is(
    (select count(*)::integer from wahook_private.agent_contexts as a
     inner join wahook_private.processed_webhook_messages as m on a.conversation_id = m.conversation_id and a.message_id = m.id
     where m.conversation_id = :conv and m.wamid = 'wamid.a.2'),
    0,
    'a revoked message leaves memory'
);
select is(
    (select row(m.status, m.text_body, m.revoked_by is not null)::text from wahook_private.processed_webhook_messages as m
     where m.conversation_id = :conv and m.wamid = 'wamid.a.2'),
    row('completed', null::text, true)::text,
    'it stays completed (it was answered), without its text, marked revoked'
);
select is(
    (select array_agg(w.role || ': ' || w.content order by w.n) from wahook.get_context_window(:conv, 1000) with ordinality as w (role, content, token_count, created_at, n)),
    array['user: I need 3 tickets', 'assistant: Two tickets, noted', 'assistant: Thanks'],
    'the context window shows the new text and never the deleted one (the business''s replies stay: they were sent)'
);
select is(
    (select sum(w.token_count)::integer from wahook.get_context_window(:conv, 1000) as w),
    11 + 9 + 5,
    'and its token counts add up to what remains'
);
select ok(
    (select a.token_count from wahook_private.agent_contexts as a
     where a.conversation_id = :conv and a.role = 'user') >= ceil(length('I need 3 tickets') / 4.0) + 4,
    'a rebuilt entry never counts fewer tokens than the plain estimate'
);

select * from finish();
rollback;

begin;
select plan(6);

-- The customer sends A, then B quoting A (both answered), then C quoting A (pending).
select tests.ingest(tests.text_message_body('100000001', '15550131', 'wamid.q.a', 1780315200, 'table for 4'));
select tests.conversation_of('100000001', '15550131') as conv \gset
select * from wahook.claim_conversation('worker-1') \gset t1_
select wahook.complete_turn(:t1_conversation_id, :t1_lease_token, 'Booked', 4, '{}');
select tests.ingest(tests.message_body('100000001', '15550131', 'wamid.q.b', 1780315260, 'text',
    '{"text": {"body": "at 8 please"}, "context": {"from": "15550131", "id": "wamid.q.a"}}'));
select * from wahook.claim_conversation('worker-1') \gset t2_
select is(
    :'t2_messages'::jsonb -> 0 ->> 'text', '[reply to "table for 4"] at 8 please', 'B reads with its quote of A'
);
select wahook.complete_turn(:t2_conversation_id, :t2_lease_token, 'At 8', 4, jsonb_build_object(
    (:'t2_messages'::jsonb -> 0 ->> 'id'), 14
));
select tests.ingest(tests.message_body('100000001', '15550131', 'wamid.q.c', 1780315300, 'text',
    '{"text": {"body": "and a high chair"}, "context": {"from": "15550131", "id": "wamid.q.a"}}'));

select tests.ingest(tests.edit_body('100000001', '15550131', 'wamid.q.edit', 1780315310, 'wamid.q.a', 'table for 5'));
select is(
    (select a.content from wahook_private.agent_contexts as a
     inner join wahook_private.processed_webhook_messages as m on a.conversation_id = m.conversation_id and a.message_id = m.id
     where m.conversation_id = :conv and m.wamid = 'wamid.q.b'),
    '[reply to "table for 5"] at 8 please',
    'the memory of an answered message that quoted the edited one is rebuilt with the new text'
);

select tests.ingest(tests.revoke_body('100000001', '15550131', 'wamid.q.revoke', 1780315320, 'wamid.q.a'));
select is(
    (select row(a.content, a.token_count)::text from wahook_private.agent_contexts as a
     inner join wahook_private.processed_webhook_messages as m on a.conversation_id = m.conversation_id and a.message_id = m.id
     where m.conversation_id = :conv and m.wamid = 'wamid.q.b'),
    row('at 8 please', (ceil((14 - 4) * length('at 8 please') / length('[reply to "table for 5"] at 8 please')::numeric) + 4)::integer)::text,
    'once A is revoked, B''s memory loses the quote; its count (tiktoken''s 14) shrinks with its length'
);
select is(
    (select count(*)::integer from wahook_private.agent_contexts as a where a.conversation_id = :conv
     and a.content like '%table for%'),
    0,
    'nothing in memory still holds the deleted text'
);
select is(wahook_private.quoted_text(:conv, 'wamid.q.a'), null, 'a revoked message is quoted as nothing');

select * from wahook.claim_conversation('worker-1') \gset t3_
select is(
    :'t3_messages'::jsonb -> 0 ->> 'text', 'and a high chair', 'a later claim of a message quoting it reads no quote'
);

select * from finish();
rollback;

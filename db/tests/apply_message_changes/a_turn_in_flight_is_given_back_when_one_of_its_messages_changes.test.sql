begin;
select plan(12);

-- A worker holds a turn of two messages when the customer edits the first.
select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.ingest(tests.text_message_body('100000001', '15550141', 'wamid.l.1', 1780315200, 'deliver to door 3'));
select tests.ingest(tests.text_message_body('100000001', '15550141', 'wamid.l.2', 1780315205, 'before noon'));
select tests.conversation_of('100000001', '15550141') as conv \gset
select * from wahook.claim_conversation('worker-1') \gset t1_

select tests.ingest(tests.edit_body('100000001', '15550141', 'wamid.l.edit', 1780315230, 'wamid.l.1', 'deliver to door 4'));
select is(tests.conversation_state(:conv), 'pending', 'the conversation waits for a new turn');
select is(
    (select array_agg(m.status || '/' || m.attempt_count order by m.id) from wahook_private.processed_webhook_messages as m
     where m.conversation_id = :conv and m.message_type = 'text'),
    array['pending/0', 'pending/0'],
    'the turn''s messages are pending again, no attempt counted'
);
select is(
    (select row(t.status, t.error_code)::text from wahook_private.agent_turns as t
     where t.conversation_id = :conv and t.lease_token = :t1_lease_token),
    row('abandoned', 'message_changed')::text,
    'the turn is abandoned, saying why'
);
select is(
    (select count(*)::integer from wahook_private.webhook_dlq as d where d.conversation_id = :conv),
    0,
    'nothing goes to the DLQ'
);
select throws_ok(
    format('select wahook.complete_turn(%s, %s, %L, 1, %L)', :t1_conversation_id, :t1_lease_token, 'To door 3, noted', '{}'),
    'WH010', null,
    'the worker''s answer to the old text is refused: its lease is lost'
);
select is(
    (select count(*)::integer from wahook_private.outbound_messages as o where o.conversation_id = :conv),
    0,
    'so no reply to the old text is queued'
);

select * from wahook.claim_conversation('worker-2') \gset t2_
select is(
    (select array_agg(x.m ->> 'text' order by x.o) from jsonb_array_elements(:'t2_messages'::jsonb) with ordinality as x (m, o)),
    array['deliver to door 4', 'before noon'],
    'the next turn answers what the customer now says'
);

-- The same turn in flight, but the customer deletes its only message.
select wahook.complete_turn(:t2_conversation_id, :t2_lease_token, 'Door 4 before noon', 6, '{}');
select tests.ingest(tests.text_message_body('100000001', '15550141', 'wamid.l.3', 1780315300, 'call me'));
select * from wahook.claim_conversation('worker-1') \gset t3_
select tests.ingest(tests.revoke_body('100000001', '15550141', 'wamid.l.revoke', 1780315310, 'wamid.l.3'));
select is(tests.message_status(:conv, 'wamid.l.3'), 'skipped', 'a deleted message in flight is skipped');
select is(tests.conversation_state(:conv), 'idle', 'and with nothing left, the conversation is idle');
select is(
    (select t.from_state || '->' || t.to_state from wahook_private.conversation_state_transitions as t
     where t.conversation_id = :conv order by t.id desc limit 1),
    'processing->idle',
    'straight from processing, its lease dropped'
);

-- A turn in flight that quotes a message the customer then deletes.
select tests.ingest(tests.text_message_body('100000001', '15550142', 'wamid.l.4', 1780315200, 'the code is 9876'));
select tests.conversation_of('100000001', '15550142') as conv2 \gset
select * from wahook.claim_conversation('worker-1') \gset t4_
select wahook.complete_turn(:t4_conversation_id, :t4_lease_token, 'Got it', 3, '{}');
select tests.ingest(tests.message_body('100000001', '15550142', 'wamid.l.5', 1780315260, 'text',
    '{"text": {"body": "is that right?"}, "context": {"from": "15550142", "id": "wamid.l.4"}}'));
select * from wahook.claim_conversation('worker-1') \gset t5_
select tests.ingest(tests.revoke_body('100000001', '15550142', 'wamid.l.revoke2', 1780315270, 'wamid.l.4'));
select is(
    (select t.status from wahook_private.agent_turns as t where t.conversation_id = :conv2 and t.lease_token = :t5_lease_token),
    'abandoned',
    'a turn whose message quotes the deleted one is given back too'
);
select * from wahook.claim_conversation('worker-2') \gset t6_
select is(
    :'t6_messages'::jsonb -> 0 ->> 'text', 'is that right?', 'and answered anew without the deleted quote'
);

select * from finish();
rollback;

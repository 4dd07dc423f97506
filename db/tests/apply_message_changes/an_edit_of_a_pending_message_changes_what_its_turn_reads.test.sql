begin;
select plan(7);

-- Two messages wait; the customer edits the first before any worker claims them.
select tests.ingest(tests.text_message_body('100000001', '15550101', 'wamid.p.1', 1780315200, 'see you at 5'));
select tests.ingest(tests.text_message_body('100000001', '15550101', 'wamid.p.2', 1780315210, 'bring the keys'));
select tests.conversation_of('100000001', '15550101') as conv \gset

select is(
    tests.ingest(tests.edit_body('100000001', '15550101', 'wamid.p.edit', 1780315220, 'wamid.p.1', 'see you at 6')),
    'ignored',
    'the edit is stored, not for the agent'
);
select is(
    (select row(m.text_body, m.edited_by is not null, m.edited_at, m.status)::text
     from wahook_private.processed_webhook_messages as m where m.conversation_id = :conv and m.wamid = 'wamid.p.1'),
    row('see you at 6', true, to_timestamp(1780315220), 'pending')::text,
    'the original reads the new text, still pending, and records the edit it shows'
);
select is(
    (select m.payload #>> '{text,body}' from wahook_private.processed_webhook_messages as m
     where m.conversation_id = :conv and m.wamid = 'wamid.p.1'),
    'see you at 5',
    'the original keeps its payload as received'
);
select is(
    (select row(e.original_wamid, e.status, e.id = o.edited_by)::text
     from wahook_private.processed_webhook_messages as e, wahook_private.processed_webhook_messages as o
     where e.conversation_id = :conv and e.wamid = 'wamid.p.edit' and o.conversation_id = :conv and o.wamid = 'wamid.p.1'),
    row('wamid.p.1', 'ignored', true)::text,
    'the edit row links to its original, which names it'
);
select is(tests.conversation_state(:conv), 'pending', 'the conversation still waits for its turn');

select * from wahook.claim_conversation('worker-1') \gset claim_
select is(
    (select array_agg(x.m ->> 'text' order by x.o) from jsonb_array_elements(:'claim_messages'::jsonb) with ordinality as x (m, o)),
    array['see you at 6', 'bring the keys'],
    'the turn reads the new text, in the original''s place in the FIFO'
);
select is(
    (select count(*)::integer from wahook_private.message_state_transitions as t
     where t.conversation_id = :conv and t.reason = 'claimed'),
    2,
    'the edit itself never becomes a turn''s message'
);

select * from finish();
rollback;

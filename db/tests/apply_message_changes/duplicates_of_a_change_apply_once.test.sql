begin;
select plan(5);

select tests.ingest(tests.text_message_body('100000001', '15550161', 'wamid.d.1', 1780315200, 'hi'));
select tests.ingest(tests.text_message_body('100000001', '15550161', 'wamid.d.2', 1780315205, 'bye'));
select tests.conversation_of('100000001', '15550161') as conv \gset

select tests.ingest(tests.edit_body('100000001', '15550161', 'wamid.d.edit', 1780315230, 'wamid.d.1', 'hello'));
select is(
    tests.ingest(tests.edit_body('100000001', '15550161', 'wamid.d.edit', 1780315230, 'wamid.d.1', 'hello')),
    'duplicate',
    'a redelivered edit is a duplicate'
);
select is(
    (select count(*)::integer from wahook_private.processed_webhook_messages as m
     where m.conversation_id = :conv and m.original_wamid = 'wamid.d.1'),
    1,
    'stored once'
);

-- The same revoke twice in one batch, then once more.
select is(
    (select string_agg(r.outcome, ',' order by r.body_index) from wahook.process_messages(jsonb_build_array(
        tests.revoke_body('100000001', '15550161', 'wamid.d.revoke', 1780315240, 'wamid.d.2'),
        tests.revoke_body('100000001', '15550161', 'wamid.d.revoke', 1780315240, 'wamid.d.2')
    )) as r),
    'ignored,duplicate',
    'a revoke delivered twice in a batch is stored once'
);
select tests.ingest(tests.revoke_body('100000001', '15550161', 'wamid.d.revoke', 1780315240, 'wamid.d.2'));
select is(
    (select count(*)::integer from wahook_private.message_state_transitions as t
     inner join wahook_private.processed_webhook_messages as m on t.conversation_id = m.conversation_id and t.message_id = m.id
     where m.conversation_id = :conv and m.wamid = 'wamid.d.2'),
    1,
    'and skips its original once'
);
select is(
    (select row(m.text_body, m.status)::text from wahook_private.processed_webhook_messages as m
     where m.conversation_id = :conv and m.wamid = 'wamid.d.1'),
    row('hello', 'pending')::text,
    'the edit still shows, once'
);

select * from finish();
rollback;

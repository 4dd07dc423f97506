begin;
select plan(5);

select tests.ingest(tests.text_message_body('100000001', '15550171', 'wamid.o.1', 1780315200, 'v0'));
select tests.conversation_of('100000001', '15550171') as conv \gset

select tests.ingest(tests.edit_body('100000001', '15550171', 'wamid.o.e2', 1780315220, 'wamid.o.1', 'v2'));
select is(
    (select m.text_body from wahook_private.processed_webhook_messages as m where m.conversation_id = :conv and m.wamid = 'wamid.o.1'),
    'v2', 'an edit applies'
);
select tests.ingest(tests.edit_body('100000001', '15550171', 'wamid.o.e1', 1780315210, 'wamid.o.1', 'v1'));
select is(
    (select m.text_body from wahook_private.processed_webhook_messages as m where m.conversation_id = :conv and m.wamid = 'wamid.o.1'),
    'v2', 'an older edit that arrives late does not win'
);
select tests.ingest(tests.edit_body('100000001', '15550171', 'wamid.o.e3', 1780315230, 'wamid.o.1', 'v3'));
select is(
    (select row(m.text_body, m.edited_at)::text from wahook_private.processed_webhook_messages as m
     where m.conversation_id = :conv and m.wamid = 'wamid.o.1'),
    row('v3', to_timestamp(1780315230))::text,
    'a newer one does'
);

-- Several edits in one batch, newest first, before the original.
select count(*) from wahook.process_messages(jsonb_build_array(
    tests.edit_body('100000001', '15550172', 'wamid.o.f3', 1780315230, 'wamid.o.2', 'w3'),
    tests.edit_body('100000001', '15550172', 'wamid.o.f1', 1780315210, 'wamid.o.2', 'w1'),
    tests.text_message_body('100000001', '15550172', 'wamid.o.2', 1780315200, 'w0'),
    tests.edit_body('100000001', '15550172', 'wamid.o.f2', 1780315220, 'wamid.o.2', 'w2')
));
select is(
    (select m.text_body from wahook_private.processed_webhook_messages as m
     where m.conversation_id = tests.conversation_of('100000001', '15550172') and m.wamid = 'wamid.o.2'),
    'w3',
    'in one batch, whatever the arrival order, the latest by timestamp'
);
select is(
    (select e.wamid from wahook_private.processed_webhook_messages as m
     inner join wahook_private.processed_webhook_messages as e on m.conversation_id = e.conversation_id and m.edited_by = e.id
     where m.conversation_id = tests.conversation_of('100000001', '15550172') and m.wamid = 'wamid.o.2'),
    'wamid.o.f3',
    'and the original names that edit'
);

select * from finish();
rollback;

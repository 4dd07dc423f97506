begin;
select plan(12);

select tests.ingest(tests.text_message_body('100000001', '15550191', 'wamid.h.1', 1780315200, 'mine'));
select tests.ingest(tests.text_message_body('100000001', '15550192', 'wamid.h.other', 1780315200, 'someone else''s'));
select tests.conversation_of('100000001', '15550191') as conv \gset

select is(
    tests.ingest(tests.edit_body('100000001', '15550191', 'wamid.h.e0', 1780315210, 'wamid.h.nowhere', 'x')),
    'ignored',
    'an edit of a message never seen is stored and waits'
);
select is(
    tests.ingest(tests.revoke_body('100000001', '15550191', 'wamid.h.r0', 1780315210, 'wamid.h.other')),
    'ignored',
    'a revoke naming another customer''s message is stored'
);
select is(
    tests.message_status(tests.conversation_of('100000001', '15550192'), 'wamid.h.other'),
    'pending',
    'but touches nothing outside its own conversation'
);

-- Shapes Meta never sends, each a body of its own: none raises, none changes the message.
select is(
    (select string_agg(tests.ingest(tests.message_body('100000001', '15550191', 'wamid.h.bad' || b.n, 1780315220, b.type, b.content)), ',' order by b.n)
     from (values
        (1, 'edit', '{"edit": {"message": {"type": "text", "text": {"body": "no id"}}}}'::jsonb),
        (2, 'edit', '{"edit": {"original_message_id": 12345, "message": {"type": "text", "text": {"body": "number"}}}}'),
        (3, 'edit', '{"edit": {"original_message_id": {"id": "wamid.h.1"}, "message": {}}}'),
        (4, 'edit', '{"edit": {"original_message_id": "wamid.h.1"}}'),
        (5, 'edit', '{"edit": {"original_message_id": "wamid.h.1", "message": "text"}}'),
        (6, 'edit', '{"edit": "wamid.h.1"}'),
        (7, 'revoke', '{"revoke": {"original_message_id": null}}'),
        (8, 'revoke', '{"revoke": ["wamid.h.1"]}'),
        (9, 'revoke', '{}'),
        (10, 'revoke', jsonb_build_object('revoke', jsonb_build_object('original_message_id', repeat('w', 513)))),
        (11, 'revoke', '{"revoke": {"original_message_id": ""}}')
     ) as b (n, type, content)),
    'ignored,ignored,ignored,ignored,ignored,ignored,ignored,ignored,ignored,ignored,ignored',
    'every hostile change is stored as ignored, nothing raised'
);
select is(
    (select count(*)::integer from wahook_private.processed_webhook_messages as m
     where m.conversation_id = :conv and m.wamid like 'wamid.h.bad%' and m.original_wamid is not null),
    0,
    'and none of them is linked to an original'
);
select is(
    (select row(m.status, m.text_body, m.edited_by, m.revoked_by)::text from wahook_private.processed_webhook_messages as m
     where m.conversation_id = :conv and m.wamid = 'wamid.h.1'),
    row('pending', 'mine', null::bigint, null::bigint)::text,
    'the message they aimed at is untouched'
);

select is(
    tests.ingest(tests.revoke_body('100000001', '15550191', 'wamid.h.self', 1780315230, 'wamid.h.self')),
    'ignored',
    'a revoke of itself is stored'
);
select is(
    (select m.original_wamid from wahook_private.processed_webhook_messages as m
     where m.conversation_id = :conv and m.wamid = 'wamid.h.self'),
    null,
    'and linked to nothing'
);
select is(
    tests.ingest(tests.revoke_body('100000001', '15550191', 'wamid.h.r2', 1780315240, 'wamid.h.e0')),
    'ignored',
    'a revoke of an edit is stored'
);
select is(
    (select row(m.revoked_by, m.original_wamid)::text from wahook_private.processed_webhook_messages as m
     where m.conversation_id = :conv and m.wamid = 'wamid.h.e0'),
    row(null::bigint, 'wamid.h.nowhere')::text,
    'and changes no change: the edit is not marked revoked and still waits for its own original'
);

select is(wahook_private.changed_message_wamid('{"type": "text", "text": {"body": "hi"}}'), null, 'a text changes nothing');
select is(wahook_private.changed_message_wamid('null'), null, 'nor a JSON null');

select * from finish();
rollback;

begin;
select plan(7);

-- Meta does not promise order: the edit and the revoke come before the messages they change.
select is(
    tests.ingest(tests.edit_body('100000001', '15550151', 'wamid.b.edit', 1780315230, 'wamid.b.1', 'at 7 then')),
    'ignored',
    'an edit of a message not yet known is stored'
);
select tests.conversation_of('100000001', '15550151') as conv \gset
select is(
    (select m.original_wamid from wahook_private.processed_webhook_messages as m
     where m.conversation_id = :conv and m.wamid = 'wamid.b.edit'),
    'wamid.b.1',
    'and waits, linked to its original by wamid'
);
select tests.ingest(tests.revoke_body('100000001', '15550151', 'wamid.b.revoke', 1780315240, 'wamid.b.2'));
select is(tests.conversation_state(:conv), 'idle', 'changes alone make no turn');

select tests.ingest(tests.text_message_body('100000001', '15550151', 'wamid.b.1', 1780315200, 'at 6?'));
select is(
    (select row(m.status, m.text_body, m.edited_at)::text from wahook_private.processed_webhook_messages as m
     where m.conversation_id = :conv and m.wamid = 'wamid.b.1'),
    row('pending', 'at 7 then', to_timestamp(1780315230))::text,
    'the original arrives pending with the edit''s text'
);

select tests.ingest(tests.text_message_body('100000001', '15550151', 'wamid.b.2', 1780315210, 'secret'));
select is(tests.message_status(:conv, 'wamid.b.2'), 'skipped', 'an original already revoked arrives skipped');

select * from wahook.claim_conversation('worker-1') \gset t_
select is(
    (select array_agg(x.m ->> 'text') from jsonb_array_elements(:'t_messages'::jsonb) as x (m)),
    array['at 7 then'],
    'the turn reads the edited text and not the deleted message'
);

-- Both in one batch of two bodies, the change first.
select count(*) from wahook.process_messages(jsonb_build_array(
    tests.revoke_body('100000001', '15550152', 'wamid.b.revoke3', 1780315240, 'wamid.b.3'),
    tests.text_message_body('100000001', '15550152', 'wamid.b.3', 1780315200, 'oops')
));
select is(
    row(tests.message_status(tests.conversation_of('100000001', '15550152'), 'wamid.b.3'),
        tests.conversation_state(tests.conversation_of('100000001', '15550152')))::text,
    row('skipped', 'idle')::text,
    'in one batch too: the original is skipped and its conversation idle'
);

select * from finish();
rollback;

begin;
select plan(4);

select tests.ingest(tests.text_message_body('100000001', '15550181', 'wamid.x.1', 1780315200, 'first'));
select tests.conversation_of('100000001', '15550181') as conv \gset
select tests.ingest(tests.revoke_body('100000001', '15550181', 'wamid.x.revoke', 1780315220, 'wamid.x.1'));
select tests.ingest(tests.edit_body('100000001', '15550181', 'wamid.x.edit', 1780315230, 'wamid.x.1', 'back again'));
select is(
    (select row(m.status, m.text_body, m.edited_by)::text from wahook_private.processed_webhook_messages as m
     where m.conversation_id = :conv and m.wamid = 'wamid.x.1'),
    row('skipped', null::text, null::bigint)::text,
    'an edit after the revoke changes nothing'
);
select is(tests.conversation_state(:conv), 'idle', 'and makes no turn');

-- Edited, then revoked: the revoke wins even with an edit stamped later (order of arrival aside).
select tests.ingest(tests.text_message_body('100000001', '15550181', 'wamid.x.2', 1780315300, 'second'));
select tests.ingest(tests.edit_body('100000001', '15550181', 'wamid.x.edit2', 1780315340, 'wamid.x.2', 'second, edited'));
select tests.ingest(tests.revoke_body('100000001', '15550181', 'wamid.x.revoke2', 1780315320, 'wamid.x.2'));
select is(
    (select row(m.status, m.text_body)::text from wahook_private.processed_webhook_messages as m
     where m.conversation_id = :conv and m.wamid = 'wamid.x.2'),
    row('skipped', null::text)::text,
    'an edited message that is revoked is gone, text and all'
);
select is(
    (select count(*)::integer from wahook.claim_conversation('worker-1') as c where c.conversation_id is not null),
    0,
    'nothing is left to answer'
);

select * from finish();
rollback;

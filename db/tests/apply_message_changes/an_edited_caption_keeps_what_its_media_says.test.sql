begin;
select plan(3);

-- A document read into text is answered; the customer then edits its caption. The memory is rebuilt
-- from the same reading as the turn's (wahook_private.inbound_messages_as_read), so the document's
-- text stays beside the new caption.
select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.enable_media();
select tests.media_message('15550131', 'wamid.menu', '2026-06-01 11:59:00+00', 'document',
    '{"id": "d1", "mime_type": "application/pdf", "filename": "menu.pdf", "caption": "our menu"}') as conv \gset
select tests.message_id(:conv, 'wamid.menu') as message_id \gset
select lease_token as token from wahook.claim_media_fetches('fetcher-1', 1) \gset
select wahook.record_media_fetched(:conv, :message_id, :token, null, '\x255044462d312e34'::bytea, 'Soup 5 EUR');

select * from wahook.claim_conversation('worker-1') \gset t_
select is(
    :'t_messages'::jsonb -> 0 ->> 'text',
    '[document] our menu: Soup 5 EUR',
    'the turn reads the caption and the document''s text'
);
select wahook.complete_turn(:t_conversation_id, :t_lease_token, 'Soup it is', 4, '{}'::jsonb);

select tests.ingest(tests.edit_body(
    '100000001', '15550131', 'wamid.menu.edit', extract(epoch from timestamptz '2026-06-01 12:00:30+00')::bigint,
    'wamid.menu', 'the lunch menu'
));
select is(
    (select a.content from wahook_private.agent_contexts as a
     where a.conversation_id = :conv and a.message_id = :message_id),
    '[document] the lunch menu: Soup 5 EUR',
    'the memory takes the new caption and keeps what the document says'
);
select is(
    (select m.reads_as from wahook_private.inbound_messages_as_read as m
     where m.conversation_id = :conv and m.id = :message_id),
    '[document] the lunch menu: Soup 5 EUR',
    'as the message now reads'
);

select * from finish();
rollback;

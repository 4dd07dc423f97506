begin;
select plan(7);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.enable_media();
select tests.media_message('15550001', 'wamid.doc', '2026-06-01 11:59:00+00', 'document',
    '{"id": "d1", "mime_type": "application/pdf", "filename": "menu.pdf"}') as conv \gset
select tests.message_id(:conv, 'wamid.doc') as message_id \gset
select lease_token as token from wahook.claim_media_fetches('fetcher-1', 1) \gset

select throws_ok(
    format($$select wahook.record_media_fetched(%s, %s, %s, 'application/pdf', null)$$, :conv, :message_id, :token),
    'WH002', null, 'content is required'
);
select lives_ok(
    format($$select wahook.record_media_fetched(%s, %s, %s, null, '\x255044462d312e34'::bytea, 'Soup 5 EUR')$$,
        :conv, :message_id, :token),
    'a verified download is recorded'
);
select is(
    (select row(status, mime_type, size_bytes, content_sha256, media_text, lease_owner, settled_at)::text
     from tests.media_of(:conv, 'wamid.doc')),
    row('fetched', 'application/pdf', 8::bigint, sha256('\x255044462d312e34'::bytea), 'Soup 5 EUR', null::text,
        '2026-06-01 12:00:00+00'::timestamptz)::text,
    'fetched, with the webhook''s mime type when none is given, its size, its SHA-256 and the text read'
);
select is(
    (select content from wahook_private.inbound_media_contents where conversation_id = :conv and message_id = :message_id),
    '\x255044462d312e34'::bytea,
    'the bytes are kept apart'
);
select is(
    (select m ->> 'text' from wahook.claim_conversation('worker-1') as c, jsonb_array_elements(c.messages) as m),
    '[document] menu.pdf: Soup 5 EUR',
    'the document reads as its filename and its text'
);

-- Over the kind's cap: refused, even from a fetcher that did not check.
select tests.media_message('15550002', 'wamid.sticker', '2026-06-01 11:59:00+00', 'sticker') as conv2 \gset
select lease_token as token2 from wahook.claim_media_fetches('fetcher-1', 1) \gset
select throws_ok(
    format($$select wahook.record_media_fetched(%s, %s, %s, 'image/webp', convert_to(repeat('x', 512001), 'UTF8'))$$,
        :conv2, tests.message_id(:conv2, 'wamid.sticker'), :token2),
    'WH002', null, 'a sticker over 500 KiB is refused'
);
select throws_ok(
    format($$select wahook.record_media_fetched(%s, %s, null, 'image/webp', '\x00'::bytea)$$,
        :conv2, tests.message_id(:conv2, 'wamid.sticker')),
    'WH002', null, 'a null lease token is refused'
);

select * from finish();
rollback;

begin;
select plan(7);

-- Media messages, shaped as Meta sends them (the real fixtures: david-lev__pywa message__*).
select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.media_message('15550001', 'wamid.off', '2026-06-01 11:58:00+00', 'image');
select is(
    (select count(*)::integer from wahook_private.inbound_media), 0,
    'with media_fetch_enabled off (the default), nothing is recorded: media messages read as before'
);

select tests.enable_media();
select tests.media_message('15550001', 'wamid.image', '2026-06-01 11:59:00+00', 'image',
    '{"mime_type": "image/jpeg", "sha256": "4654+8g=", "id": "65463453"}') as conv \gset
select tests.media_message('15550001', 'wamid.voice', '2026-06-01 11:59:01+00', 'audio',
    '{"mime_type": "audio/ogg; codecs=opus", "sha256": "m04pFf2ERdaopTyFkGPA0+bX3i+YY2dYgVFwOgDLSDI=", "id": "1234567890987654321", "voice": true}');
select tests.media_message('15550001', 'wamid.doc', '2026-06-01 11:59:02+00', 'document',
    '{"caption": "caption", "filename": "filename.pdf", "mime_type": "application/pdf", "sha256": "grwfwe/ZPx0wAbdfbdeFUNItPZ0RylL8gGUvdt3YFqc18SY=", "id": "1234567890987654322"}');
select tests.media_message('15550001', 'wamid.video', '2026-06-01 11:59:03+00', 'video',
    '{"caption": "caption", "mime_type": "video/mp4", "sha256": "Jh+2ij6PzUv/J2y+grrtegr/ZMzRxkEPwc24Oyib4s03w9Jc=", "id": "765756756"}');
select tests.media_message('15550001', 'wamid.sticker', '2026-06-01 11:59:04+00', 'sticker',
    '{"mime_type": "image/webp", "sha256": "OmT4nhjUhCMIPNmj7eeOZeCYjTXkLxoOv85OMCFwSuc=", "id": "1234567890987654323", "animated": false}');
select wahook.process_message(tests.text_message_body('100000001', '15550001', 'wamid.text', 1780315150, 'hi'));

select results_eq(
    $$select m.wamid, f.media_id, f.media_kind, f.webhook_mime_type, f.webhook_sha256, f.filename, f.status,
        f.attempt_count, f.next_attempt_at, f.wa_timestamp
      from wahook_private.inbound_media as f
      join wahook_private.processed_webhook_messages as m on m.conversation_id = f.conversation_id and m.id = f.message_id
      order by m.id$$,
    $$values
        ('wamid.image', '65463453', 'image', 'image/jpeg', '4654+8g=', null::text, 'pending', 0,
         '2026-06-01 12:00:00+00'::timestamptz, '2026-06-01 11:59:00+00'::timestamptz),
        ('wamid.voice', '1234567890987654321', 'audio', 'audio/ogg; codecs=opus',
         'm04pFf2ERdaopTyFkGPA0+bX3i+YY2dYgVFwOgDLSDI=', null, 'pending', 0, '2026-06-01 12:00:00+00', '2026-06-01 11:59:01+00'),
        ('wamid.doc', '1234567890987654322', 'document', 'application/pdf',
         'grwfwe/ZPx0wAbdfbdeFUNItPZ0RylL8gGUvdt3YFqc18SY=', 'filename.pdf', 'pending', 0, '2026-06-01 12:00:00+00',
         '2026-06-01 11:59:02+00'),
        ('wamid.video', '765756756', 'video', 'video/mp4', 'Jh+2ij6PzUv/J2y+grrtegr/ZMzRxkEPwc24Oyib4s03w9Jc=', null,
         'pending', 0, '2026-06-01 12:00:00+00', '2026-06-01 11:59:03+00'),
        ('wamid.sticker', '1234567890987654323', 'sticker', 'image/webp',
         'OmT4nhjUhCMIPNmj7eeOZeCYjTXkLxoOv85OMCFwSuc=', null, 'pending', 0, '2026-06-01 12:00:00+00',
         '2026-06-01 11:59:04+00')$$,
    'one pending row per media message, due now, with the media id, kind, mime type, sha256 and filename of the webhook'
);
select is(tests.media_of(:conv, 'wamid.text'), null, 'a text message has none');

-- Meta redelivers: the wamid is a duplicate, and its media is not recorded twice.
select tests.media_message('15550001', 'wamid.voice', '2026-06-01 11:59:01+00', 'audio');
select is(
    (select count(*)::integer from wahook_private.inbound_media), 5, 'a redelivered media message adds no row'
);

-- Not for the agent (the type left out of agent_message_types): recorded as ignored, not fetched.
update wahook_private.settings set agent_message_types = array['text', 'image'];
select tests.media_message('15550001', 'wamid.ignored', '2026-06-01 11:59:05+00', 'video');
select is(tests.media_of(:conv, 'wamid.ignored'), null, 'an ignored media message is not fetched');

-- Hostile shapes: no media id, or not a string: nothing to fetch, the message reads as before.
select tests.media_message('15550001', 'wamid.noid', '2026-06-01 11:59:06+00', 'image', '{"mime_type": "image/png"}');
select tests.media_message('15550001', 'wamid.badid', '2026-06-01 11:59:07+00', 'image', '{"id": {"x": 1}}');
select is(
    array[tests.message_status(:conv, 'wamid.noid'), tests.message_status(:conv, 'wamid.badid')],
    array['pending', 'pending'],
    'a media message without a usable id is kept and accepted'
);
select is(
    (select count(*)::integer from wahook_private.inbound_media), 5, 'and has no media row'
);

select * from finish();
rollback;

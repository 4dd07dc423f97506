begin;
select plan(8);

-- Per-conversation FIFO: a text sent after a voice note waits behind it until the voice note's
-- media is fetched (or finally fails); other conversations are not held.
select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.enable_media();
select tests.media_message('15550001', 'wamid.voice', '2026-06-01 11:59:00+00', 'audio') as conv \gset
select wahook.process_message(tests.text_message_body('100000001', '15550001', 'wamid.after', 1780315170, 'after'));
select tests.add_message('100000001', '15550002', 'wamid.other', '2026-06-01 11:59:30+00', 'other');

select ok(exists (select from wahook_private.unsettled_media where conversation_id = :conv), 'pending media holds the conversation');
select is(
    array(select c.customer_id from wahook.claim_conversations('worker-1', 10) as c),
    array['15550002'],
    'the claim takes the other conversation only'
);

select * from wahook.claim_media_fetches('fetcher-1', 10) \gset media_
select ok(exists (select from wahook_private.unsettled_media where conversation_id = :conv), 'media being fetched holds it too');
select is(
    (select count(*)::integer from wahook.claim_conversations('worker-1', 10)), 0, 'still not claimed'
);
select is(
    (select count(*)::integer from wahook_private.claim_ready_conversations(array[:conv]::bigint [], 'worker-1', interval '1 minute')),
    0,
    'nor by the claim''s check under the lock'
);

select wahook.record_media_fetched(:conv, :media_message_id, :media_lease_token, 'audio/ogg', '\x4f676753'::bytea, 'are you open today');
select ok(not exists (select from wahook_private.unsettled_media where conversation_id = :conv), 'fetched media holds it no more');
select * from wahook.claim_conversation('worker-1') \gset turn_
select is(
    array(select m ->> 'text' from jsonb_array_elements(:'turn_messages'::jsonb) as m),
    array['[audio] are you open today', 'after'],
    'one turn with both messages in order, the voice note as its transcript'
);
select is(
    (:'turn_messages'::jsonb) -> 0 -> 'media',
    '{"kind": "audio", "status": "fetched", "mime_type": "audio/ogg"}'::jsonb,
    'the claimed media message says what became of its media'
);

select * from finish();
rollback;

begin;
select plan(1);

-- The memory keeps a media message as the claim gave it to the agent: with its transcript, or as
-- its placeholder.
select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.enable_media();
select tests.media_message('15550001', 'wamid.voice', '2026-06-01 11:59:00+00', 'audio') as conv \gset
select tests.media_message('15550001', 'wamid.image', '2026-06-01 11:59:01+00', 'image',
    '{"id": "i1", "caption": "look"}');
select count(*) from wahook.claim_media_fetches('fetcher-1', 10);
select wahook.record_media_fetched(:conv, tests.message_id(:conv, 'wamid.voice'), 1, 'audio/ogg', '\x00'::bytea, 'call me');
select * from wahook.record_media_failure(:conv, tests.message_id(:conv, 'wamid.image'), 1, 'http_404', 'gone', false);
select * from wahook.claim_conversation('worker-1') \gset turn_
select wahook.complete_turn(:turn_conversation_id, :turn_lease_token, 'ok', 1, '{}');

select is(
    array(select content from wahook_private.agent_contexts where conversation_id = :conv order by id),
    array['[audio] call me', '[image] look (could not be downloaded)', 'ok'],
    'the memory stores the transcript and the placeholder as the agent read them'
);

select * from finish();
rollback;

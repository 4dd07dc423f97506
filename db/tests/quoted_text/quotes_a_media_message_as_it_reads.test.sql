begin;
select plan(1);

-- A reply that quotes a voice note quotes it as the agent read it: with its transcript.
select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.enable_media();
select tests.media_message('15550001', 'wamid.voice', '2026-06-01 11:59:00+00', 'audio') as conv \gset
select count(*) from wahook.claim_media_fetches('fetcher-1', 1);
select wahook.record_media_fetched(:conv, tests.message_id(:conv, 'wamid.voice'), 1, 'audio/ogg', '\x00'::bytea, 'table for two');

select is(
    wahook_private.quoted_text(:conv, 'wamid.voice'), '[audio] table for two', 'the quote carries the transcript'
);

select * from finish();
rollback;

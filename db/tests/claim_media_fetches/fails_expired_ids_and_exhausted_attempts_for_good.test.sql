begin;
select plan(5);

select set_config('wahook.now', '2026-06-10 12:00:00+00', true);
select tests.enable_media();
-- A media id lives 7 days: a webhook that arrives (or waits) longer is never fetched.
select tests.media_message('15550001', 'wamid.old', '2026-06-03 11:59:59+00', 'audio') as conv \gset
select tests.media_message('15550001', 'wamid.fresh', '2026-06-05 12:00:00+00', 'image') as conv \gset

select is(
    array(select media_id from wahook.claim_media_fetches('fetcher-1', 10)),
    array['media-wamid.fresh'],
    'only the media younger than 7 days is leased'
);
select is(
    (select row(status, error_code, attempt_count, settled_at)::text from tests.media_of(:conv, 'wamid.old')),
    row('failed', 'expired', 0, '2026-06-10 12:00:00+00'::timestamptz)::text,
    'the expired one failed for good, without an attempt'
);

-- A fetcher that dies on the last allowed attempt: the next claim settles the media as failed.
update wahook_private.settings set media_max_attempts = 1;
select set_config('wahook.now', '2026-06-10 12:06:00+00', true);
select is(
    (select count(*)::integer from wahook.claim_media_fetches('fetcher-2', 10)), 0,
    'an expired lease with no attempt left is not leased again'
);
select is(
    (select row(status, error_code, attempt_count, lease_owner)::text from tests.media_of(:conv, 'wamid.fresh')),
    row('failed', 'attempts_exhausted', 1, null::text)::text,
    'it failed for good'
);
select * from wahook.claim_conversation('worker-1') \gset turn_
select is(
    array(select m ->> 'text' from jsonb_array_elements(:'turn_messages'::jsonb) as m),
    array['[audio] (could not be downloaded)', '[image] (could not be downloaded)'],
    'the messages are kept and read as placeholders'
);

select * from finish();
rollback;

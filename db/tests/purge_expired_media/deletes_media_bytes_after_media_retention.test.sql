begin;
select plan(3);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.enable_media();
update wahook_private.settings set media_retention_days = 3;
select tests.media_message('15550001', 'wamid.old', '2026-06-01 11:59:00+00', 'image') as conv \gset
select lease_token as token from wahook.claim_media_fetches('fetcher-1', 1) \gset
select wahook.record_media_fetched(:conv, tests.message_id(:conv, 'wamid.old'), :token, 'image/jpeg', '\x01'::bytea);

select set_config('wahook.now', '2026-06-03 12:00:00+00', true);
select tests.media_message('15550001', 'wamid.new', '2026-06-03 11:59:00+00', 'image');
select lease_token as token from wahook.claim_media_fetches('fetcher-1', 1) \gset
select wahook.record_media_fetched(:conv, tests.message_id(:conv, 'wamid.new'), :token, 'image/jpeg', '\x02'::bytea);

select set_config('wahook.now', '2026-06-04 12:00:01+00', true);
select is(
    wahook.purge_expired() -> 'media_contents_deleted', '1'::jsonb,
    'purge_expired deletes the bytes stored more than media_retention_days ago'
);
select is(
    array(select content from wahook_private.inbound_media_contents), array['\x02'::bytea], 'the younger ones stay'
);
select is(
    (select row(status, size_bytes)::text from tests.media_of(:conv, 'wamid.old')),
    row('fetched', 1::bigint)::text,
    'the facts of the purged media stay'
);

select * from finish();
rollback;

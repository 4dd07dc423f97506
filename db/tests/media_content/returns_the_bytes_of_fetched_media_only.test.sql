begin;
select plan(4);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.enable_media();
select tests.media_message('15550001', 'wamid.image', '2026-06-01 11:59:00+00', 'image',
    '{"id": "i1", "mime_type": "image/jpeg"}') as conv \gset
select tests.message_id(:conv, 'wamid.image') as message_id \gset

select is((select count(*)::integer from wahook.media_content(:conv, :message_id)), 0, 'nothing before the fetch');
select lease_token as token from wahook.claim_media_fetches('fetcher-1', 1) \gset
select wahook.record_media_fetched(:conv, :message_id, :token, 'image/png', '\x89504e47'::bytea);
select results_eq(
    format('select media_kind, mime_type, content from wahook.media_content(%s, %s)', :conv, :message_id),
    $$values ('image', 'image/png', '\x89504e47'::bytea)$$,
    'a fetched image: its kind, the mime type fetched and its bytes'
);
select is((select count(*)::integer from wahook.media_content(:conv, 42)), 0, 'no row for a message without media');
select function_privs_are(
    'wahook', 'media_content', array['bigint', 'bigint'], 'wahook_service', array['EXECUTE'],
    'the service role may read media bytes'
);

select * from finish();
rollback;

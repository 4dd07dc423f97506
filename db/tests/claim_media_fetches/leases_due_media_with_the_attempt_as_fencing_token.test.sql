begin;
select plan(9);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.enable_media();
select tests.media_message('15550001', 'wamid.doc', '2026-06-01 11:59:00+00', 'document',
    '{"id": "777", "mime_type": "application/pdf", "sha256": "abc", "filename": "a.pdf"}') as conv \gset
select tests.message_id(:conv, 'wamid.doc') as message_id \gset

select results_eq(
    $$select conversation_id, message_id, lease_token, lease_expires_at, media_id, media_kind, mime_type, sha256,
        filename, max_bytes from wahook.claim_media_fetches('fetcher-1', 10)$$,
    format(
        $$values (%s::bigint, %s::bigint, 1, '2026-06-01 12:05:00+00'::timestamptz, '777', 'document',
            'application/pdf', 'abc', 'a.pdf', 104857600::bigint)$$,
        :conv, :message_id
    ),
    'a due media is leased for media_lease_seconds as attempt 1, with what the fetcher needs and the kind''s cap'
);
select is(
    (select count(*)::integer from wahook.claim_media_fetches('fetcher-2', 10)), 0,
    'a leased media is not claimed again while its lease lasts'
);

-- The fetcher dies; its lease expires: the media is due again, as attempt 2.
select set_config('wahook.now', '2026-06-01 12:05:01+00', true);
select is(
    (select array_agg(lease_token || ':' || media_id) from wahook.claim_media_fetches('fetcher-2', 10, 60)),
    array['2:777'],
    'an expired lease is taken over by the next claim with a larger token'
);
select throws_ok(
    format($$select wahook.record_media_fetched(%s, %s, 1, 'application/pdf', '\x00'::bytea)$$, :conv, :message_id),
    'WH010', null, 'the first fetcher, fenced off, cannot record its download'
);
select throws_ok(
    format($$select * from wahook.record_media_failure(%s, %s, 1, 'timeout', 'late', true)$$, :conv, :message_id),
    'WH010', null, 'nor its failure'
);
select is(
    (select row(status, attempt_count, lease_owner, lease_expires_at)::text from tests.media_of(:conv, 'wamid.doc')),
    row('fetching', 2, 'fetcher-2', '2026-06-01 12:06:01+00'::timestamptz)::text,
    'the second attempt holds it'
);

select throws_ok($$select * from wahook.claim_media_fetches(' ', 1)$$, 'WH002', null, 'an empty worker is refused');
select throws_ok($$select * from wahook.claim_media_fetches('f', 0)$$, 'WH002', null, 'a limit below 1 is refused');
select throws_ok($$select * from wahook.claim_media_fetches('f', 1, 0)$$, 'WH002', null, 'a lease below 1 s is refused');

select * from finish();
rollback;

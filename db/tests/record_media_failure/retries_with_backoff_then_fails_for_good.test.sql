begin;
select plan(9);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.enable_media();
update wahook_private.settings set media_max_attempts = 3, media_retry_base_seconds = 5;
select tests.media_message('15550001', 'wamid.voice', '2026-06-01 11:59:00+00', 'audio') as conv \gset
select tests.message_id(:conv, 'wamid.voice') as message_id \gset

select lease_token as token from wahook.claim_media_fetches('fetcher-1', 1) \gset
select results_eq(
    format($$select * from wahook.record_media_failure(%s, %s, %s, 'http_500', 'Graph API answered HTTP 500', true)$$,
        :conv, :message_id, :token),
    $$values ('pending', '2026-06-01 12:00:05+00'::timestamptz)$$,
    'a retryable failure is tried again after media_retry_base_seconds'
);
select is(
    (select row(status, error_code, last_error, lease_owner)::text from tests.media_of(:conv, 'wamid.voice')),
    row('pending', 'http_500', 'Graph API answered HTTP 500', null::text)::text,
    'the error is recorded and the lease given up'
);
select is(
    (select count(*)::integer from wahook.claim_media_fetches('fetcher-1', 1)), 0, 'not due before the delay'
);

select set_config('wahook.now', '2026-06-01 12:00:05+00', true);
select lease_token as token from wahook.claim_media_fetches('fetcher-1', 1) \gset
select results_eq(
    format($$select * from wahook.record_media_failure(%s, %s, %s, 'connection_lost', 'reset', true)$$,
        :conv, :message_id, :token),
    $$values ('pending', '2026-06-01 12:00:15+00'::timestamptz)$$,
    'the delay doubles with each attempt'
);

select set_config('wahook.now', '2026-06-01 12:00:15+00', true);
select lease_token as token from wahook.claim_media_fetches('fetcher-1', 1) \gset
select results_eq(
    format($$select * from wahook.record_media_failure(%s, %s, %s, 'http_503', 'again', true)$$,
        :conv, :message_id, :token),
    $$values ('failed', null::timestamptz)$$,
    'after media_max_attempts attempts the media fails for good'
);
select is(
    (select row(status, attempt_count, settled_at)::text from tests.media_of(:conv, 'wamid.voice')),
    row('failed', 3, '2026-06-01 12:00:15+00'::timestamptz)::text,
    'settled as failed'
);

-- Not retryable: at once.
select tests.media_message('15550001', 'wamid.big', '2026-06-01 11:59:30+00', 'sticker');
select lease_token as token from wahook.claim_media_fetches('fetcher-1', 1) \gset
select results_eq(
    format($$select * from wahook.record_media_failure(%s, %s, %s, 'too_large', 'over the cap', false)$$,
        :conv, tests.message_id(:conv, 'wamid.big'), :token),
    $$values ('failed', null::timestamptz)$$,
    'a failure that is not retryable settles the media on the first attempt'
);

select throws_ok(
    format($$select * from wahook.record_media_failure(%s, %s, 1, ' ', 'x', true)$$, :conv, :message_id),
    'WH002', null, 'an empty error code is refused'
);
select throws_ok(
    format($$select * from wahook.record_media_failure(%s, %s, 3, 'x', 'x', true)$$, :conv, :message_id),
    'WH010', null, 'a settled media takes no more outcomes'
);

select * from finish();
rollback;

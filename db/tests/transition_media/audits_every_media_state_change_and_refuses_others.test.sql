begin;
select plan(4);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.enable_media();
update wahook_private.settings set media_retry_base_seconds = 5;
select tests.media_message('15550001', 'wamid.voice', '2026-06-01 11:59:00+00', 'audio') as conv \gset
select tests.message_id(:conv, 'wamid.voice') as message_id \gset

-- A failed attempt, a dead fetcher taken over, then success.
select count(*) from wahook.claim_media_fetches('fetcher-1', 1);
select * from wahook.record_media_failure(:conv, :message_id, 1, 'http_500', 'boom', true);
select set_config('wahook.now', '2026-06-01 12:00:05+00', true);
select count(*) from wahook.claim_media_fetches('fetcher-1', 1);
select set_config('wahook.now', '2026-06-01 12:10:00+00', true);
select count(*) from wahook.claim_media_fetches('fetcher-2', 1);
select wahook.record_media_fetched(:conv, :message_id, 3, 'audio/ogg', '\x00'::bytea);

select results_eq(
    format(
        $$select from_state, to_state, attempt, reason, error_code, created_at
          from wahook_private.inbound_media_transitions where conversation_id = %s order by id$$,
        :conv
    ),
    $$values
        ('pending', 'fetching', 1, 'claimed', null::text, '2026-06-01 12:00:00+00'::timestamptz),
        ('fetching', 'pending', 1, 'the fetch failed; retried after the backoff', 'http_500', '2026-06-01 12:00:00+00'),
        ('pending', 'fetching', 2, 'claimed', null, '2026-06-01 12:00:05+00'),
        ('fetching', 'fetching', 3, 'lease expired: taken over by a claim', null, '2026-06-01 12:10:00+00'),
        ('fetching', 'fetched', 3, 'fetched', null, '2026-06-01 12:10:00+00')$$,
    'each attempt''s start and outcome leaves an audit row'
);

select throws_ok(
    format($$select wahook_private.transition_media(array[%s]::bigint [], array[%s]::bigint [], 'fetched', 'pending', 'x')$$,
        :conv, :message_id),
    'WH012', null, 'a transition outside media_state_rules is refused'
);
select throws_ok(
    format($$select wahook_private.transition_media(array[%s]::bigint [], array[%s]::bigint [], 'fetching', 'failed', 'x',
        p_error_codes => array['x'])$$, :conv, :message_id),
    'WH012', null, 'a media not in the from state is refused'
);
select throws_ok(
    format($$insert into wahook_private.inbound_media_transitions (conversation_id, message_id, from_state, to_state, attempt, reason, created_at)
        values (%s, %s, 'fetched', 'fetching', 1, 'x', now())$$, :conv, :message_id),
    '23503', null, 'the audit table itself only takes allowed transitions'
);

select * from finish();
rollback;

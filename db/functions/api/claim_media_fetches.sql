-- The media fetch step's claim: up to p_limit media due now, each leased to p_worker. Due: pending
-- with next_attempt_at come, or fetching with an expired lease (a fetcher that died: the attempt it
-- started counts). Distributable like the turn claim: candidates found with a plain read, then
-- locked by key (skip locked) and checked again. Under the lock, a media whose id has expired (7
-- days after the message, Meta's limit) fails for good as expired, and one whose attempts ran out
-- (a dead fetcher's last attempt, or settings.media_max_attempts lowered) as attempts_exhausted; the others start attempt n + 1, whose
-- number is the lease token that fences record_media_fetched and record_media_failure. Settling any
-- notifies wahook_ready at commit (its conversation may be claimable now), from here, the caller's
-- side of the per-conversation rows.
create or replace function wahook.claim_media_fetches(
    p_worker text,
    p_limit integer,
    p_lease_seconds integer default null
)
returns table (
    conversation_id bigint,
    message_id bigint,
    lease_token integer,
    lease_expires_at timestamptz,
    media_id text,
    media_kind text,
    mime_type text,
    sha256 text,
    filename text,
    max_bytes bigint
)
language plpgsql security definer set search_path = '' set plan_cache_mode = force_generic_plan
as $$
declare
    v_now timestamptz := wahook_private.clock_now();
    v_settings wahook_private.settings;
    v_lease_expires_at timestamptz;
    v_candidates_conversations bigint [];
    v_candidates_messages bigint [];
    v_settled integer;
    v_claimed_conversations bigint [];
    v_claimed_messages bigint [];
    v_locked_conversations bigint [];
    v_locked_messages bigint [];
    v_locked_states text [];
    v_outcomes text [];
    v_errors text [];
    v_state text;
    v_failed_conversations bigint [];
    v_failed_messages bigint [];
    v_failed_codes text [];
    v_failed_errors text [];
    v_started_conversations bigint [];
    v_started_messages bigint [];
begin
    if p_worker is null or pg_catalog.btrim(p_worker) = '' then
        raise exception using errcode = 'WH002', message = 'p_worker must name the worker';
    end if;
    perform wahook_private.check_argument_between('p_limit', p_limit, 1, 1000);
    perform wahook_private.check_argument_between('p_lease_seconds', p_lease_seconds, 1, 86400, p_optional => true);

    select * into strict v_settings from wahook_private.settings;
    v_lease_expires_at := v_now + pg_catalog.make_interval(secs => coalesce(p_lease_seconds, v_settings.media_lease_seconds));

    select pg_catalog.array_agg(q.conversation_id order by q.due_at), pg_catalog.array_agg(q.message_id order by q.due_at)
    into v_candidates_conversations, v_candidates_messages
    from (
        (
            select f.conversation_id, f.message_id, f.next_attempt_at as due_at
            from wahook_private.inbound_media as f
            where f.status = 'pending' and f.next_attempt_at <= v_now
            order by f.next_attempt_at
            limit p_limit
        )
        union all
        (
            select f.conversation_id, f.message_id, f.lease_expires_at as due_at
            from wahook_private.inbound_media as f
            where f.status = 'fetching' and f.lease_expires_at <= v_now
            order by f.lease_expires_at
            limit p_limit
        )
        order by due_at
        limit p_limit
    ) as q;

    if v_candidates_conversations is null then
        return;
    end if;

    -- Locked by key, noting what each needs: expired id, last attempt gone, or a new attempt.
    select
        coalesce(pg_catalog.array_agg(l.conversation_id), '{}'),
        coalesce(pg_catalog.array_agg(l.message_id), '{}'),
        coalesce(pg_catalog.array_agg(l.status), '{}'),
        coalesce(pg_catalog.array_agg(
            case
                when l.wa_timestamp < v_now - interval '7 days' then 'expired'
                when l.attempt_count >= v_settings.media_max_attempts then 'attempts_exhausted'
            end
        ), '{}'),
        coalesce(pg_catalog.array_agg(
            case
                when l.wa_timestamp < v_now - interval '7 days'
                    then 'the media id expired (7 days after the message) before it was fetched'
                else pg_catalog.format(
                    'no attempt left (%s made, the last one''s lease expired or media_max_attempts was lowered); last error: %s',
                    l.attempt_count, coalesce(l.last_error, 'none')
                )
            end
        ), '{}')
    into v_locked_conversations, v_locked_messages, v_locked_states, v_outcomes, v_errors
    from (
        select f.conversation_id, f.message_id, f.status, f.attempt_count, f.wa_timestamp, f.last_error
        from wahook_private.inbound_media as f
        inner join unnest(v_candidates_conversations, v_candidates_messages) as c (conversation_id, message_id)
            on f.conversation_id = c.conversation_id and f.message_id = c.message_id
        where f.conversation_id = any(v_candidates_conversations)
            and (
                (f.status = 'pending' and f.next_attempt_at <= v_now)
                or (f.status = 'fetching' and f.lease_expires_at <= v_now)
            )
        order by f.conversation_id, f.message_id
        for update of f skip locked
    ) as l;

    -- One transition per (from state, to state) that has media: settled for good, or a new attempt.
    v_settled := 0;
    foreach v_state in array array['pending', 'fetching'] loop
        select
            coalesce(pg_catalog.array_agg(u.conversation_id order by u.n) filter (where u.outcome is not null), '{}'),
            coalesce(pg_catalog.array_agg(u.message_id order by u.n) filter (where u.outcome is not null), '{}'),
            coalesce(pg_catalog.array_agg(u.outcome order by u.n) filter (where u.outcome is not null), '{}'),
            coalesce(pg_catalog.array_agg(u.error order by u.n) filter (where u.outcome is not null), '{}'),
            coalesce(pg_catalog.array_agg(u.conversation_id order by u.n) filter (where u.outcome is null), '{}'),
            coalesce(pg_catalog.array_agg(u.message_id order by u.n) filter (where u.outcome is null), '{}')
        into v_failed_conversations, v_failed_messages, v_failed_codes, v_failed_errors,
            v_started_conversations, v_started_messages
        from unnest(v_locked_conversations, v_locked_messages, v_locked_states, v_outcomes, v_errors)
            with ordinality as u (conversation_id, message_id, state, outcome, error, n)
        where u.state = v_state;

        v_settled := v_settled + wahook_private.transition_media(
            v_failed_conversations, v_failed_messages, v_state, 'failed', 'settled by the claim',
            p_error_codes => v_failed_codes, p_errors => v_failed_errors
        );
        perform wahook_private.transition_media(
            v_started_conversations, v_started_messages, v_state, 'fetching',
            case when v_state = 'pending' then 'claimed' else 'lease expired: taken over by a claim' end,
            p_worker, v_lease_expires_at
        );
    end loop;
    v_claimed_conversations := array(
        select u.conversation_id from unnest(v_locked_conversations, v_outcomes) as u (conversation_id, outcome)
        where u.outcome is null
    );
    v_claimed_messages := array(
        select u.message_id from unnest(v_locked_messages, v_outcomes) as u (message_id, outcome)
        where u.outcome is null
    );

    if v_settled > 0 then
        perform pg_catalog.pg_notify('wahook_ready', '');
    end if;

    -- The claimed rows, locked and changed by this call, in candidate order.
    return query
    select f.conversation_id, f.message_id, f.attempt_count, f.lease_expires_at, f.media_id, f.media_kind,
        f.webhook_mime_type, f.webhook_sha256, f.filename, wahook_private.media_max_bytes(f.media_kind)
    from wahook_private.inbound_media as f
    inner join unnest(v_candidates_conversations, v_candidates_messages) with ordinality as c (
        conversation_id, message_id, n
    )
        on f.conversation_id = c.conversation_id and f.message_id = c.message_id
    inner join unnest(v_claimed_conversations, v_claimed_messages) as k (conversation_id, message_id)
        on f.conversation_id = k.conversation_id and f.message_id = k.message_id
    where f.conversation_id = any(v_claimed_conversations)
    order by c.n;
end
$$;

comment on function wahook.claim_media_fetches(text, integer, integer) is
'The media fetch step: claims up to p_limit (1..1000) inbound media due now for fetcher p_worker, oldest due first: pending with next_attempt_at come, or fetching with an expired lease (a dead fetcher; its attempt counts). Candidates are read without a lock, then locked by key (skip locked), so concurrent calls never return the same media. Under the lock a media whose id expired (message older than 7 days) fails for good with error_code expired, one whose settings.media_max_attempts ran out with attempts_exhausted (either notifies wahook_ready); the others move to fetching, leased until now + p_lease_seconds (default settings.media_lease_seconds), their attempt_count increased. Returns one row per claimed media: conversation_id, message_id, lease_token (the attempt number: pass it to record_media_fetched or record_media_failure), lease_expires_at, media_id, media_kind, mime_type and sha256 as the webhook gave them, filename, max_bytes (wahook_private.media_max_bytes). Raises WH002 for an empty p_worker, a p_limit outside 1..1000 or a p_lease_seconds outside 1..86400.';

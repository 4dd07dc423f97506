-- The one home of the claim rules, set-based: claim_conversations finds candidates with a plain read
-- and brings them here, in claim order. Each is locked by its key (`= any` on conversation_id, in
-- key order: distributable, no locking read across conversations) with `skip locked`, so concurrent
-- claims never wait on each other nor take the same row.
-- Under the lock the candidates are checked again, since the plain read may be stale: a crashed
-- worker's turn (processing, lease expired) is first released as cleanup_stuck_conversations would,
-- counting a failed attempt (rare: one at a time); then only pending or retry_wait with available_at
-- come and no media still being fetched (wahook_private.unsettled_media) is claimed. A candidate held back by the turns-per-minute limit has its available_at moved
-- on; one with nothing pending (an inconsistency) is repaired to idle; neither is claimed.
-- The claimed conversations get one new fencing token each, larger in claim order, and move
-- together: one transition per from-state, one update of their lease and rate-limit columns, one
-- transition of all their messages, one insert of their agent_turns rows, one DLQ update.
-- The turn's correlation id is the one of the webhook that brought its newest message (the last
-- one, in turn order, that carries one), recorded with the claim's audit rows and its agent_turns
-- row, so the caller need not pass it. p_correlation_id is only the fallback for a turn whose
-- messages carry none (kept for callers that still pass one; they may stop).
-- Returns one row per claimed conversation in claim order (ord: its index in p_conversation_ids)
-- with its token and its messages.
create or replace function wahook_private.claim_ready_conversations(
    p_conversation_ids bigint [],
    p_worker text,
    p_lease interval,
    p_correlation_id text default null
)
returns table (conversation_id bigint, lease_token bigint, messages jsonb, ord bigint, correlation_id text)
-- Generic plans: a custom plan per call for a batch of one costs more to plan than to run.
language plpgsql set search_path = '' set plan_cache_mode = force_generic_plan
as $$
declare
    v_now timestamptz := wahook_private.clock_now();
    v_locked bigint [];
    v_expired bigint [];
    v_limited bigint [];
    v_candidate bigint;
    v_claims bigint [];
    v_claim_states text [];
    v_repairs bigint [];
    v_repair_states text [];
    v_tokens bigint [];
    v_correlation_ids text [];
    v_turns_per_minute integer;
    v_state text;
    v_moved integer;
begin
    select s.agent_turns_per_minute into strict v_turns_per_minute from wahook_private.settings as s;

    -- Locked by key, in key order. Noted on the way: expired leases, and the conversations that the
    -- turns-per-minute limit may hold back (next_turn_at is the rule; it can only hold back one
    -- that started at least the limit of turns lately, so only those pay for the call below).
    select
        coalesce(pg_catalog.array_agg(l.conversation_id), '{}'),
        coalesce(pg_catalog.array_agg(l.conversation_id) filter (where l.expired), '{}'),
        coalesce(pg_catalog.array_agg(l.conversation_id) filter (where l.recent_turns >= v_turns_per_minute), '{}')
    into v_locked, v_expired, v_limited
    from (
        select c.conversation_id, c.state = 'processing' and c.lease_expires_at <= v_now as expired,
            coalesce(pg_catalog.cardinality(c.recent_turn_started_at), 0) as recent_turns
        from wahook_private.webhook_conversations as c
        where c.conversation_id = any(p_conversation_ids)
        order by c.conversation_id
        for update skip locked
    ) as l;

    if pg_catalog.cardinality(v_locked) = 0 then
        return;
    end if;

    foreach v_candidate in array v_expired loop
        perform wahook_private.release_expired_lease(
            v_candidate, 'lease expired: taken over by a claim', p_worker
        );
    end loop;

    -- The turns-per-minute limit holds whoever made the conversation ready. (A taken-over lease
    -- does not start a turn, so the list noted under the lock still holds.)
    if pg_catalog.cardinality(v_limited) > 0 then
        update wahook_private.webhook_conversations as c
        set available_at = wahook_private.next_turn_at(c.recent_turn_started_at)
        where c.conversation_id = any(v_limited)
            and c.state in ('pending', 'retry_wait')
            and c.available_at <= v_now
            and wahook_private.next_turn_at(c.recent_turn_started_at) > v_now;
    end if;

    -- Ready now (the update above moved the rate-limited ones' available_at past now), in claim order.
    with ready as (
        select c.conversation_id, c.state, u.ord,
            exists (
                select from wahook_private.processed_webhook_messages as m
                where m.conversation_id = c.conversation_id and m.status = 'pending'
            ) as waiting
        from unnest(p_conversation_ids) with ordinality as u (conversation_id, ord)
        inner join wahook_private.webhook_conversations as c on c.conversation_id = u.conversation_id
        where c.conversation_id = any(v_locked)
            and c.state in ('pending', 'retry_wait')
            and c.available_at <= v_now
            -- The media hold (wahook_private.unsettled_media): messages wait behind a voice note.
            and not exists (select from wahook_private.unsettled_media as h where h.conversation_id = c.conversation_id)
    )

    select
        coalesce(pg_catalog.array_agg(r.conversation_id order by r.ord) filter (where r.waiting), '{}'),
        coalesce(pg_catalog.array_agg(r.state order by r.ord) filter (where r.waiting), '{}'),
        coalesce(pg_catalog.array_agg(r.conversation_id order by r.ord) filter (where not r.waiting), '{}'),
        coalesce(pg_catalog.array_agg(r.state order by r.ord) filter (where not r.waiting), '{}')
    into v_claims, v_claim_states, v_repairs, v_repair_states
    from ready as r;

    -- Nothing waits after all (an inconsistency): repair.
    foreach v_state in array array['pending', 'retry_wait'] loop
        if v_state = any(v_repair_states) then
            perform wahook_private.settle_conversations(
                array(
                    select u.conversation_id from unnest(v_repairs, v_repair_states) as u (conversation_id, state)
                    where u.state = v_state
                ),
                v_state, 'repair: nothing is pending', p_worker
            );
        end if;
    end loop;

    if pg_catalog.cardinality(v_claims) = 0 then
        return;
    end if;

    -- One new fencing token per claim, larger in claim order.
    v_tokens := array(
        select pg_catalog.nextval('wahook_private.lease_tokens')
        from pg_catalog.generate_series(1, pg_catalog.cardinality(v_claims)) as g (n)
        order by g.n
    );
    -- Read before the messages move: each claim's newest pending message that carries an id.
    v_correlation_ids := array(
        select coalesce(
            (
                select m.correlation_id
                from wahook_private.processed_webhook_messages as m
                where m.conversation_id = any(v_claims)
                    and m.conversation_id = u.conversation_id
                    and m.status = 'pending'
                    and m.correlation_id is not null
                order by m.wa_timestamp desc, m.id desc
                limit 1
            ),
            p_correlation_id
        )
        from unnest(v_claims) with ordinality as u (conversation_id, n)
        order by u.n
    );
    foreach v_state in array array['pending', 'retry_wait'] loop
        if v_state = all(v_claim_states) then
            -- All from one state (the usual case): no need to split the batch.
            perform wahook_private.transition_conversations(
                v_claims, v_state, 'processing', 'claimed', p_worker, v_tokens, v_correlation_ids
            );
        elsif v_state = any(v_claim_states) then
            perform wahook_private.transition_conversations(
                array(
                    select u.conversation_id
                    from unnest(v_claims, v_claim_states) with ordinality as u (conversation_id, state, n)
                    where u.state = v_state order by u.n
                ),
                v_state, 'processing', 'claimed', p_worker,
                array(
                    select u.lease_token
                    from unnest(v_tokens, v_claim_states) with ordinality as u (lease_token, state, n)
                    where u.state = v_state order by u.n
                ),
                array(
                    select u.correlation_id
                    from unnest(v_correlation_ids, v_claim_states) with ordinality as u (correlation_id, state, n)
                    where u.state = v_state order by u.n
                )
            );
        end if;
    end loop;

    -- Keep only the starts the rate limit looks at.
    update wahook_private.webhook_conversations as c
    set lease_expires_at = v_now + p_lease,
        recent_turn_started_at = (c.recent_turn_started_at || v_now)[
            greatest(1, pg_catalog.cardinality(c.recent_turn_started_at) + 2 - v_turns_per_minute):
        ],
        turn_count = c.turn_count + 1
    where c.conversation_id = any(v_claims);

    with taken as (
        select m.conversation_id, m.id, u.lease_token
        from unnest(v_claims, v_tokens) as u (conversation_id, lease_token)
        inner join wahook_private.processed_webhook_messages as m on m.conversation_id = u.conversation_id
        -- Each join to a table also names the keys with `= any`, so that even a generic plan finds
        -- the rows by index, whatever the batch size.
        where m.conversation_id = any(v_claims) and m.status = 'pending'
    )

    select wahook_private.transition_messages_across(
        pg_catalog.array_agg(t.conversation_id), pg_catalog.array_agg(t.id), 'pending', 'processing', 'claimed',
        pg_catalog.array_agg(t.lease_token)
    )
    into strict v_moved
    from taken as t;

    insert into wahook_private.agent_turns (
        conversation_id, lease_token, worker, status, message_count, started_at, queue_wait_ms, correlation_id
    )
    select u.conversation_id, u.lease_token, p_worker, 'running', pg_catalog.count(*), v_now,
        greatest(
            0, pg_catalog.floor(pg_catalog.date_part('epoch', v_now - pg_catalog.min(m.received_at)) * 1000)
        )::bigint,
        v_correlation_ids[u.n]
    from unnest(v_claims, v_tokens) with ordinality as u (conversation_id, lease_token, n)
    inner join wahook_private.processed_webhook_messages as m
        on m.conversation_id = u.conversation_id and m.lease_token = u.lease_token and m.status = 'processing'
    where m.conversation_id = any(v_claims)
    group by u.n, u.conversation_id, u.lease_token
    order by u.n;

    update wahook_private.webhook_dlq as d
    set status = 'retrying',
        next_attempt_at = null
    from unnest(v_claims, v_tokens) as u (conversation_id, lease_token),
        wahook_private.processed_webhook_messages as m
    where m.conversation_id = any(v_claims)
        and d.conversation_id = any(v_claims)
        and m.conversation_id = u.conversation_id
        and m.lease_token = u.lease_token
        and m.status = 'processing'
        and d.conversation_id = m.conversation_id
        and d.message_id = m.id
        and d.status = 'retry_scheduled';

    return query
    select u.conversation_id, u.lease_token,
        (
            select pg_catalog.jsonb_agg(
                pg_catalog.jsonb_build_object(
                    'id', m.id,
                    'wamid', m.wamid,
                    'type', m.message_type,
                    'text', m.reads_as,
                    'wa_timestamp', m.wa_timestamp,
                    'attempt', m.attempt_count + 1,
                    'payload', m.payload,
                    'correlation_id', m.correlation_id
                )
                -- A media message (the media fetch step) also says what became of its media.
                || case when m.media_kind is not null then pg_catalog.jsonb_build_object(
                    'media', pg_catalog.jsonb_build_object(
                        'kind', m.media_kind, 'status', m.media_status, 'mime_type', m.media_mime_type
                    )
                ) else '{}'::jsonb end
                order by m.wa_timestamp, m.id
            )
            from wahook_private.inbound_messages_as_read as m
            where m.conversation_id = u.conversation_id and m.status = 'processing'
                and m.lease_token = u.lease_token
        ),
        p.ord,
        u.correlation_id
    from unnest(v_claims, v_tokens, v_correlation_ids) with ordinality as u (conversation_id, lease_token, correlation_id, n)
    inner join unnest(p_conversation_ids) with ordinality as p (conversation_id, ord)
        on p.conversation_id = u.conversation_id
    order by u.n;
end
$$;

comment on function wahook_private.claim_ready_conversations(bigint [], text, interval, text) is
'Claims for worker p_worker those of the candidates p_conversation_ids (in claim order) that are ready under their row locks (skip locked): an expired lease is first released (counting a failed attempt); then pending or retry_wait with available_at come, within the turns-per-minute limit (else available_at moves on), with messages pending (else repaired to idle). Each claimed conversation takes a new fencing token (larger in claim order) and a lease of p_lease; its pending messages move to processing, the turn start is recorded, a running agent_turns row is inserted and their DLQ rows are marked retrying. The audit rows and the agent_turns row carry the turn''s correlation id: that of the newest message that has one, else p_correlation_id. Returns one row per claimed conversation in claim order: conversation_id, lease_token, messages (as claim_conversation describes them), ord (its index in p_conversation_ids) and the turn''s correlation_id.';

-- Up to p_limit ready conversations in one call, each leased with its own fencing token and
-- returned with its pending messages and its history, so a worker fills all its free slots with one
-- round trip. Ready, and in this order: processing whose lease expired (a crashed worker's turn has
-- waited longest), then pending or retry_wait whose available_at has come and whose media is all
-- fetched or failed (wahook_private.unsettled_media: the messages after a voice note wait for it).
-- Distributable (DESIGN.md, scale-out): the candidates are found with a plain read, then locked
-- by their keys and claimed together in claim_ready_conversations, the one home of the claim rules
-- (a handful of statements for the whole batch). Candidates that are not claimed (locked elsewhere,
-- stale, rate-limited, repaired) are remembered and not read again, so the loop ends: every pass
-- claims or rules out each candidate it read; most calls need one pass.
-- p_correlation_id is a fallback the caller need not pass: the claim records the correlation id of
-- each turn's newest message (claim_ready_conversations). Kept so that existing callers work.
create or replace function wahook.claim_conversations(
    p_worker text,
    p_limit integer,
    p_lease_seconds integer default null,
    p_history_budget integer default null,
    p_correlation_id text default null
)
returns table (
    conversation_id bigint,
    lease_token bigint,
    lease_expires_at timestamptz,
    phone_number_id text,
    customer_id text,
    customer_wa_id text,
    customer_user_id text,
    last_inbound_at timestamptz,
    messages jsonb,
    history jsonb,
    correlation_id text
)
-- Generic plans: a custom plan per call for a batch of one costs more to plan than to run.
language plpgsql security definer set search_path = '' set plan_cache_mode = force_generic_plan
as $$
declare
    v_now timestamptz := wahook_private.clock_now();
    v_lease interval;
    v_tried bigint [] := '{}';
    v_candidates bigint [];
    v_claimed integer := 0;
    v_claims bigint [];
    v_messages jsonb [];
    v_correlation_ids text [];
begin
    if p_worker is null or pg_catalog.btrim(p_worker) = '' then
        raise exception using errcode = 'WH002', message = 'p_worker must name the worker';
    end if;
    perform wahook_private.check_argument_between('p_limit', p_limit, 1, 1000);
    perform wahook_private.check_argument_between('p_lease_seconds', p_lease_seconds, 1, 86400, p_optional => true);
    if p_history_budget < 0 then
        raise exception using
            errcode = 'WH002',
            message = pg_catalog.format('p_history_budget must not be negative, not %s', p_history_budget);
    end if;

    v_lease := pg_catalog.make_interval(
        secs => coalesce(p_lease_seconds, (select s.lease_seconds from wahook_private.settings as s))
    );

    loop
        -- In claim order: expired leases first (a crashed worker's turn has waited longest), then
        -- ready conversations, oldest first; no more than are still wanted.
        select pg_catalog.array_agg(r.conversation_id order by r.pass, r.due_at)
        into v_candidates
        from (
            select q.conversation_id, q.pass, q.due_at
            from (
                (
                    select c.conversation_id, 0 as pass, c.lease_expires_at as due_at
                    from wahook_private.webhook_conversations as c
                    where c.state = 'processing' and c.lease_expires_at <= v_now
                        and c.conversation_id <> all(v_tried)
                    order by c.lease_expires_at
                    limit p_limit - v_claimed
                )
                union all
                (
                    select c.conversation_id, 1 as pass, c.available_at as due_at
                    from wahook_private.webhook_conversations as c
                    where c.state in ('pending', 'retry_wait') and c.available_at <= v_now
                        and c.conversation_id <> all(v_tried)
                        and not exists (
                            select from wahook_private.unsettled_media as h where h.conversation_id = c.conversation_id
                        )
                    order by c.available_at
                    limit p_limit - v_claimed
                )
            ) as q
            order by q.pass, q.due_at
            limit p_limit - v_claimed
        ) as r;

        exit when v_candidates is null;
        v_tried := v_tried || v_candidates;

        -- Claimed first, read after: a query reads the rows as they were when it started.
        select
            pg_catalog.array_agg(k.conversation_id order by k.ord),
            pg_catalog.array_agg(k.messages order by k.ord),
            pg_catalog.array_agg(k.correlation_id order by k.ord)
        into v_claims, v_messages, v_correlation_ids
        from wahook_private.claim_ready_conversations(v_candidates, p_worker, v_lease, p_correlation_id) as k;
        continue when v_claims is null;

        return query
        select c.conversation_id, c.lease_token, c.lease_expires_at, c.phone_number_id, c.customer_id,
            c.customer_wa_id, c.customer_user_id, c.last_inbound_at, k.messages,
            case when p_history_budget is not null then (
                select coalesce(
                    pg_catalog.jsonb_agg(
                        pg_catalog.jsonb_build_object(
                            'role', w.role, 'content', w.content, 'token_count', w.token_count,
                            'created_at', w.created_at
                        )
                        order by w.n
                    ),
                    '[]'
                )
                from wahook.get_context_window(c.conversation_id, p_history_budget) with ordinality as w (
                    role, content, token_count, created_at, n
                )
            ) end,
            k.correlation_id
        -- Multi-argument unnest is ROWS FROM syntax, not a pg_catalog function: it cannot be qualified.
        from unnest(v_claims, v_messages, v_correlation_ids) with ordinality as k (
            conversation_id, messages, correlation_id, n
        )
        inner join wahook_private.webhook_conversations as c on c.conversation_id = k.conversation_id
        order by k.n;

        v_claimed := v_claimed + pg_catalog.cardinality(v_claims);
        exit when v_claimed >= p_limit;
    end loop;
end
$$;

comment on function wahook.claim_conversations(text, integer, integer, integer, text) is
'Claims up to p_limit (1..1000) ready conversations for worker p_worker, each exactly as claim_conversation claims one: processing with an expired lease first (released, counting a failed attempt), then pending or retry_wait with available_at come and no media still being fetched, oldest first; a new fencing token and a lease of p_lease_seconds (default settings.lease_seconds) each; the turns-per-minute limit holds; all pending messages move to processing; a running agent_turns row each; DLQ rows retrying. Candidates are found with a plain read and each locked by its key (skip locked), so concurrent calls never wait on each other nor return the same conversation. Returns one row per claimed conversation (the columns of claim_conversation but its correlation_id, then history: with a p_history_budget, the conversation memory that get_context_window returns for that budget, as a jsonb array of {role, content, token_count, created_at}, oldest first; null without one; then correlation_id), no row when nothing is ready. The turn''s correlation id (audit rows, agent_turns) is that of its newest message that carries one; p_correlation_id is only the fallback for a turn whose messages carry none (no need to pass it). Raises WH002 for an empty p_worker, a p_limit outside 1..1000, a p_lease_seconds outside 1..86400 or a negative p_history_budget.';

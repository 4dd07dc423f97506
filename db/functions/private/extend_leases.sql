-- Live leases are extended to now + p_lease_seconds (default settings.lease_seconds), set-based:
-- heartbeat (a batch of one, raising the refusal) and heartbeats (reporting it in the lease's row)
-- both come here. The fence runs once for the batch, without raising (try_lock_leases: rows locked
-- by key, in key order); only the live leases are extended: an expired one may already have been
-- released or taken over.
create or replace function wahook_private.extend_leases(
    p_conversation_ids bigint [],
    p_lease_tokens bigint [],
    p_lease_seconds integer default null
)
returns table (
    ord bigint,
    conversation_id bigint,
    lease_token bigint,
    lease_expires_at timestamptz,
    o_sqlstate text,
    o_message text
)
-- Generic plans: a custom plan per call for a batch of one costs more to plan than to run.
language plpgsql set search_path = '' set plan_cache_mode = force_generic_plan
as $$
declare
    v_now timestamptz := wahook_private.clock_now();
    v_expires_at timestamptz;
    v_sqlstates text [];
    v_messages text [];
begin
    select pg_catalog.array_agg(l.o_sqlstate order by l.ord), pg_catalog.array_agg(l.o_message order by l.ord)
    into v_sqlstates, v_messages
    from wahook_private.try_lock_leases(p_conversation_ids, p_lease_tokens) as l;

    v_expires_at := v_now + pg_catalog.make_interval(
        secs => coalesce(p_lease_seconds, (select s.lease_seconds from wahook_private.settings as s))
    );

    update wahook_private.webhook_conversations as c
    set lease_expires_at = v_expires_at,
        updated_at = v_now
    -- Multi-argument unnest is ROWS FROM syntax, not a pg_catalog function: it cannot be qualified.
    from unnest(p_conversation_ids, v_sqlstates) as l (conversation_id, sqlstate)
    -- The `= any` lets even a generic plan find the rows by index, whatever the batch size.
    where c.conversation_id = any(p_conversation_ids)
        and c.conversation_id = l.conversation_id
        and l.sqlstate is null;

    -- A refusal that follows a live lease of the same conversation in the batch is worded as the
    -- conversation stands once that lease is extended, as when each lease was taken alone (never
    -- the case for a worker, which holds one lease per conversation: the check costs nothing else).
    return query
    select l.ord, l.conversation_id, l.lease_token, case when l.sqlstate is null then v_expires_at end,
        l.sqlstate,
        case
            when l.sqlstate is not null and l.after_live then (
                select t.o_message
                from wahook_private.try_lock_leases(array[l.conversation_id], array[l.lease_token]) as t
            )
            else l.message
        end
    from (
        select u.ord, u.conversation_id, u.lease_token, u.sqlstate, u.message,
            coalesce(
                pg_catalog.bool_or(u.sqlstate is null) over (
                    partition by u.conversation_id order by u.ord rows between unbounded preceding and 1 preceding
                ),
                false
            ) as after_live
        from unnest(p_conversation_ids, p_lease_tokens, v_sqlstates, v_messages) with ordinality as u (
            conversation_id, lease_token, sqlstate, message, ord
        )
    ) as l
    order by l.ord;
end
$$;

comment on function wahook_private.extend_leases(bigint [], bigint [], integer) is
'Locks the existing conversation rows of p_conversation_ids (in key order) and extends each live lease p_lease_tokens[i] of conversation p_conversation_ids[i] to now + p_lease_seconds (default settings.lease_seconds). Returns one row per item in order (ord): conversation_id, lease_token, lease_expires_at (the new expiry, null when refused) and, when p_lease_tokens[i] is not the live lease, o_sqlstate WH011 (no such conversation) or WH010 (not processing under this token, or the lease has expired) with o_message, as try_lock_leases reports them.';

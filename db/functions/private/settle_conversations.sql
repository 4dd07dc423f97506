-- Where conversations go when nothing holds them, set-based: pending when messages wait for the
-- agent, else idle. Every path that makes a conversation pending comes here (settle_conversation is
-- this for one), so available_at always honours the turns-per-minute limit (next_turn_at) and never
-- moves earlier than p_not_before (a retry time). The caller holds the row locks.
create or replace function wahook_private.settle_conversations(
    p_conversation_ids bigint [],
    p_from_state text,
    p_reason text,
    p_actor text default null,
    p_lease_tokens bigint [] default null,
    p_correlation_ids text [] default null,
    p_not_before timestamptz default null
)
returns table (conversation_id bigint, to_state text)
-- Generic plans: a custom plan per call for a batch of one costs more to plan than to run.
language plpgsql set search_path = '' set plan_cache_mode = force_generic_plan
as $$
declare
    v_pending bigint [];
    v_pending_tokens bigint [];
    v_pending_correlation_ids text [];
    v_idle bigint [];
    v_idle_tokens bigint [];
    v_idle_correlation_ids text [];
begin
    with wanted as (
        select u.conversation_id, u.lease_token, u.correlation_id, u.ord,
            exists (
                select from wahook_private.processed_webhook_messages as m
                where m.conversation_id = u.conversation_id and m.status = 'pending'
            ) as waiting
        -- Multi-argument unnest is ROWS FROM syntax, not a pg_catalog function: it cannot be qualified.
        from unnest(
            p_conversation_ids,
            coalesce(p_lease_tokens, '{}'::bigint []),
            coalesce(p_correlation_ids, '{}'::text [])
        ) with ordinality as u (conversation_id, lease_token, correlation_id, ord)
        where u.conversation_id is not null
    )

    select
        coalesce(pg_catalog.array_agg(w.conversation_id order by w.ord) filter (where w.waiting), '{}'),
        coalesce(pg_catalog.array_agg(w.lease_token order by w.ord) filter (where w.waiting), '{}'),
        coalesce(pg_catalog.array_agg(w.correlation_id order by w.ord) filter (where w.waiting), '{}'),
        coalesce(pg_catalog.array_agg(w.conversation_id order by w.ord) filter (where not w.waiting), '{}'),
        coalesce(pg_catalog.array_agg(w.lease_token order by w.ord) filter (where not w.waiting), '{}'),
        coalesce(pg_catalog.array_agg(w.correlation_id order by w.ord) filter (where not w.waiting), '{}')
    into v_pending, v_pending_tokens, v_pending_correlation_ids, v_idle, v_idle_tokens, v_idle_correlation_ids
    from wanted as w;

    if p_from_state <> 'pending' and pg_catalog.cardinality(v_pending) > 0 then
        perform wahook_private.transition_conversations(
            v_pending, p_from_state, 'pending', p_reason, p_actor, v_pending_tokens, v_pending_correlation_ids
        );
    end if;
    if p_from_state <> 'idle' and pg_catalog.cardinality(v_idle) > 0 then
        perform wahook_private.transition_conversations(
            v_idle, p_from_state, 'idle', p_reason, p_actor, v_idle_tokens, v_idle_correlation_ids
        );
    end if;

    if pg_catalog.cardinality(v_pending) > 0 then
        update wahook_private.webhook_conversations as c
        set available_at = greatest(
            wahook_private.next_turn_at(c.recent_turn_started_at),
            p_not_before,
            case when p_from_state = 'pending' then c.available_at end
        )
        where c.conversation_id = any(v_pending);
    end if;

    return query
    select u.conversation_id, 'pending'::text from unnest(v_pending) as u (conversation_id)
    union all
    select u.conversation_id, 'idle'::text from unnest(v_idle) as u (conversation_id);
end
$$;

comment on function wahook_private.settle_conversations(bigint [], text, text, text, bigint [], text [], timestamptz) is
'Moves each conversation of p_conversation_ids (each named once) from p_from_state to pending (messages wait; available_at set by the turns-per-minute limit and not before p_not_before) or to idle (nothing waits), through transition_conversations, with lease token p_lease_tokens[i] and correlation id p_correlation_ids[i] on its audit row. Returns each conversation with its new state. The caller holds the row locks. Raises WH012 when a conversation is not in p_from_state.';

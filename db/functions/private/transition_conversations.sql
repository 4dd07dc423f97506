-- The one place conversations change state, set-based: checks the transition against
-- conversation_state_rules, applies it only to conversations in the expected state, and writes one
-- audit row each. wahook_private.transition_conversation is this for one conversation.
create or replace function wahook_private.transition_conversations(
    p_conversation_ids bigint [],
    p_from_state text,
    p_to_state text,
    p_reason text,
    p_actor text default null,
    p_lease_tokens bigint [] default null,
    p_correlation_ids text [] default null
)
returns integer
language plpgsql set search_path = ''
as $$
declare
    v_count integer;
    v_expected integer := coalesce(pg_catalog.cardinality(p_conversation_ids), 0);
    v_now timestamptz := wahook_private.clock_now();
begin
    perform wahook_private.check_transition_allowed('conversation', p_from_state, p_to_state);

    -- The lease columns and paused_reason are tied to the state by CHECKs that cannot be deferred,
    -- so they change in the same statement: entering processing takes the lease (owner p_actor, token
    -- p_lease_tokens[i], expiring after settings.lease_seconds; the caller may then move the expiry),
    -- any other state drops it; leaving paused drops the reason (pause sets it afterwards).
    with wanted as (
        select u.conversation_id, u.lease_token, u.correlation_id, u.ord
        -- Multi-argument unnest is ROWS FROM syntax, not a pg_catalog function: it cannot be qualified.
        from unnest(
            p_conversation_ids,
            coalesce(p_lease_tokens, '{}'::bigint []),
            coalesce(p_correlation_ids, '{}'::text [])
        ) with ordinality as u (conversation_id, lease_token, correlation_id, ord)
        where u.ord <= v_expected
    ),

    moved as (
        update wahook_private.webhook_conversations as c
        set state = p_to_state,
            lease_owner = case when p_to_state = 'processing' then p_actor end,
            lease_token = case when p_to_state = 'processing' then w.lease_token end,
            lease_expires_at = case
                when p_to_state = 'processing' then v_now + pg_catalog.make_interval(
                    secs => (select s.lease_seconds from wahook_private.settings as s)
                )
            end,
            paused_reason = case when p_to_state = 'paused' then c.paused_reason end,
            state_changed_at = v_now,
            updated_at = v_now
        from wanted as w
        where c.conversation_id = w.conversation_id and c.state = p_from_state
        returning c.conversation_id, w.lease_token, w.correlation_id, w.ord
    )

    insert into wahook_private.conversation_state_transitions (
        conversation_id, from_state, to_state, reason, actor, lease_token, correlation_id, created_at
    )
    select m.conversation_id, p_from_state, p_to_state, p_reason, p_actor, m.lease_token, m.correlation_id, v_now
    from moved as m
    order by m.ord;

    get diagnostics v_count = row_count;
    if v_count <> v_expected then
        raise exception using
            errcode = 'WH012',
            message = case
                when v_expected = 1 then pg_catalog.format(
                    'conversation %s is not in state %s (transition to %s refused)',
                    p_conversation_ids[1], p_from_state, p_to_state
                )
                else pg_catalog.format(
                    '%s of %s conversations were not in state %s (transition to %s refused)',
                    v_expected - v_count, v_expected, p_from_state, p_to_state
                )
            end,
            hint = 'Lock the conversation rows before changing their state; name each conversation once.';
    end if;
    return v_count;
end
$$;

comment on function wahook_private.transition_conversations(bigint [], text, text, text, text, bigint [], text []) is
'Moves each conversation of p_conversation_ids (each named once) from p_from_state to p_to_state and writes one audit row each (with p_correlation_ids[i]), in array order; returns how many moved. Entering processing takes the lease (owner p_actor, token p_lease_tokens[i], expiry now + settings.lease_seconds); any other state clears the lease; leaving paused clears paused_reason. Callers set the other columns (available_at, a longer lease, paused_reason) in the same transaction. Raises WH012 when the transition is not allowed or any conversation is not in p_from_state.';

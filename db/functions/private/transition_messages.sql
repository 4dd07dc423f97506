-- The one place messages change state, set-based: all of p_message_ids must be in p_from_state;
-- each gets its audit row.
create or replace function wahook_private.transition_messages(
    p_conversation_id bigint,
    p_message_ids bigint [],
    p_from_state text,
    p_to_state text,
    p_reason text,
    p_lease_token bigint default null
)
returns integer
language plpgsql
set search_path = ''
as $$
declare
    v_count integer;
begin
    if not exists (
        select from wahook_private.message_state_rules as r
        where r.from_state = p_from_state and r.to_state = p_to_state
    ) then
        raise exception using
            errcode = 'WH012',
            message = pg_catalog.format('message transition %s -> %s is not allowed', p_from_state, p_to_state),
            hint = 'See wahook_private.message_state_rules.';
    end if;

    with moved as (
        update wahook_private.processed_webhook_messages as m
        set status = p_to_state,
            lease_token = case when p_to_state = 'processing' then p_lease_token end,
            claimed_at = case when p_to_state = 'processing' then wahook_private.clock_now() else m.claimed_at end,
            completed_at = case when p_to_state = 'completed' then wahook_private.clock_now() end,
            dead_at = case when p_to_state = 'dead' then wahook_private.clock_now() end
        where m.conversation_id = p_conversation_id
            and m.id = any(p_message_ids)
            and m.status = p_from_state
        returning m.id
    )
    insert into wahook_private.message_state_transitions (
        conversation_id, message_id, from_state, to_state, reason, lease_token, created_at
    )
    select p_conversation_id, moved.id, p_from_state, p_to_state, p_reason, p_lease_token,
        wahook_private.clock_now()
    from moved;

    get diagnostics v_count = row_count;
    if v_count <> coalesce(pg_catalog.cardinality(p_message_ids), 0) then
        raise exception using
            errcode = 'WH012',
            message = pg_catalog.format(
                '%s of %s messages of conversation %s were not in state %s (transition to %s refused)',
                coalesce(pg_catalog.cardinality(p_message_ids), 0) - v_count,
                coalesce(pg_catalog.cardinality(p_message_ids), 0), p_conversation_id, p_from_state, p_to_state
            ),
            hint = 'Lock the conversation row before changing its messages.';
    end if;
    return v_count;
end
$$;

comment on function wahook_private.transition_messages(bigint, bigint [], text, text, text, bigint) is
'Moves messages of one conversation from p_from_state to p_to_state, writing one audit row each, and returns how many moved. Sets lease_token, claimed_at, completed_at and dead_at to match the new state. Raises WH012 when the transition is not allowed or any message is not in p_from_state.';

revoke all on function wahook_private.transition_messages(bigint, bigint [], text, text, text, bigint)
from public;

-- Where a conversation goes when nothing holds it: wahook_private.settle_conversations (pending when
-- messages wait, at the turns-per-minute pace and not before p_not_before; else idle) for one.
-- The caller holds the row lock.
create or replace function wahook_private.settle_conversation(
    p_conversation_id bigint,
    p_from_state text,
    p_reason text,
    p_actor text default null,
    p_lease_token bigint default null,
    p_correlation_id text default null,
    p_not_before timestamptz default null
)
returns text
language sql volatile set search_path = ''
as $$
    select s.to_state
    from wahook_private.settle_conversations(
        array[p_conversation_id], p_from_state, p_reason, p_actor, array[p_lease_token],
        array[p_correlation_id], p_not_before
    ) as s
$$;

comment on function wahook_private.settle_conversation(bigint, text, text, text, bigint, text, timestamptz) is
'Moves a conversation from p_from_state to pending (messages wait; available_at set by the turns-per-minute limit and not before p_not_before) or to idle (nothing waits), through transition_conversation. Returns the new state. The caller holds the row lock. Raises WH012 when the conversation is not in p_from_state.';

-- One conversation changes state: wahook_private.transition_conversations (the one place that
-- checks a transition against conversation_state_rules and writes the audit row) for one.
create or replace function wahook_private.transition_conversation(
    p_conversation_id bigint,
    p_from_state text,
    p_to_state text,
    p_reason text,
    p_actor text default null,
    p_lease_token bigint default null,
    p_correlation_id text default null
)
returns void
language sql volatile set search_path = ''
as $$
    select wahook_private.transition_conversations(
        array[p_conversation_id], p_from_state, p_to_state, p_reason, p_actor, array[p_lease_token],
        array[p_correlation_id]
    )
$$;

comment on function wahook_private.transition_conversation(bigint, text, text, text, text, bigint, text) is
'Moves a conversation from p_from_state to p_to_state and writes its audit row. Entering processing takes the lease (owner p_actor, token p_lease_token, expiry now + settings.lease_seconds); any other state clears the lease; leaving paused clears paused_reason. Callers set the other columns (available_at, a longer lease, paused_reason) in the same transaction. Raises WH012 when the transition is not allowed or the conversation is not in p_from_state.';

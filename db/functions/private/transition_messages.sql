-- Messages of one conversation change state: wahook_private.transition_messages_across (the one
-- place that checks a message transition against message_state_rules and writes the audit rows)
-- for one conversation.
create or replace function wahook_private.transition_messages(
    p_conversation_id bigint,
    p_message_ids bigint [],
    p_from_state text,
    p_to_state text,
    p_reason text,
    p_lease_token bigint default null
)
returns integer
language sql volatile set search_path = ''
as $$
    select wahook_private.transition_messages_across(
        pg_catalog.array_fill(p_conversation_id, array[coalesce(pg_catalog.cardinality(p_message_ids), 0)]),
        p_message_ids, p_from_state, p_to_state, p_reason,
        pg_catalog.array_fill(p_lease_token, array[coalesce(pg_catalog.cardinality(p_message_ids), 0)])
    )
$$;

comment on function wahook_private.transition_messages(bigint, bigint [], text, text, text, bigint) is
'Moves messages of one conversation from p_from_state to p_to_state, writing one audit row each, and returns how many moved. Sets lease_token, claimed_at, completed_at and dead_at to match the new state. Raises WH012 when the transition is not allowed or any message is not in p_from_state.';

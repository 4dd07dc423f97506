-- The one place messages change state, set-based across conversations: message i of
-- p_message_ids belongs to conversation p_conversation_ids[i] and, entering processing, takes lease
-- p_lease_tokens[i]; all must be in p_from_state; each gets its audit row.
-- wahook_private.transition_messages is this for the messages of one conversation. Messages are
-- matched by their key (conversation_id, id) joined to the arrays, so a batch of turns moves its
-- messages in one statement (and each row is found on its conversation's shard).
create or replace function wahook_private.transition_messages_across(
    p_conversation_ids bigint [],
    p_message_ids bigint [],
    p_from_state text,
    p_to_state text,
    p_reason text,
    p_lease_tokens bigint [] default null
)
returns integer
-- Generic plans: a custom plan per call for a batch of one costs more to plan than to run.
language plpgsql set search_path = '' set plan_cache_mode = force_generic_plan
as $$
declare
    v_count integer;
    v_expected integer := coalesce(pg_catalog.cardinality(p_message_ids), 0);
    v_now timestamptz := wahook_private.clock_now();
begin
    perform wahook_private.check_transition_allowed('message', p_from_state, p_to_state);
    if v_expected = 0 then
        return 0;
    end if;

    with wanted as (
        select u.conversation_id, u.message_id, u.lease_token
        -- Multi-argument unnest is ROWS FROM syntax, not a pg_catalog function: it cannot be qualified.
        from unnest(
            p_conversation_ids, p_message_ids, coalesce(p_lease_tokens, '{}'::bigint [])
        ) as u (conversation_id, message_id, lease_token)
        where u.message_id is not null
    ),

    moved as (
        update wahook_private.processed_webhook_messages as m
        set status = p_to_state,
            lease_token = case when p_to_state = 'processing' then w.lease_token end,
            claimed_at = case when p_to_state = 'processing' then v_now else m.claimed_at end,
            completed_at = case when p_to_state = 'completed' then v_now end,
            dead_at = case when p_to_state = 'dead' then v_now end
        from wanted as w
        -- The `= any` lets even a generic plan find the rows by index, whatever the batch size.
        where m.conversation_id = any(p_conversation_ids)
            and m.id = any(p_message_ids)
            and m.conversation_id = w.conversation_id
            and m.id = w.message_id
            and m.status = p_from_state
        returning m.conversation_id, m.id, w.lease_token
    )

    insert into wahook_private.message_state_transitions (
        conversation_id, message_id, from_state, to_state, reason, lease_token, created_at
    )
    select moved.conversation_id, moved.id, p_from_state, p_to_state, p_reason, moved.lease_token, v_now
    from moved
    order by moved.conversation_id, moved.id;

    get diagnostics v_count = row_count;
    if v_count <> v_expected then
        raise exception using
            errcode = 'WH012',
            message = pg_catalog.format(
                '%s of %s messages%s were not in state %s (transition to %s refused)',
                v_expected - v_count, v_expected,
                case
                    when p_conversation_ids[1] = all(p_conversation_ids)
                        then ' of conversation ' || p_conversation_ids[1]
                    else ''
                end,
                p_from_state, p_to_state
            ),
            hint = 'Lock the conversation rows before changing their messages; name each message once.';
    end if;
    return v_count;
end
$$;

comment on function wahook_private.transition_messages_across(bigint [], bigint [], text, text, text, bigint []) is
'Moves each message p_message_ids[i] of conversation p_conversation_ids[i] from p_from_state to p_to_state, writing one audit row each (lease token p_lease_tokens[i]), and returns how many moved. Sets lease_token (p_lease_tokens[i] when entering processing, else null), claimed_at, completed_at and dead_at to match the new state. Raises WH012 when the transition is not allowed or any message is not in p_from_state.';

-- A human takes the conversation over. A turn in flight is abandoned (abandon_leased_turns): its
-- messages go back to pending without counting an attempt (the agent did not fail), and dropping
-- the lease makes the worker's complete_turn or fail_turn raise WH010, so the agent cannot answer
-- over the human.
-- Messages keep being recorded while paused; claim_conversation never takes a paused conversation.
create or replace function wahook.pause_conversation(
    p_conversation_id bigint,
    p_reason text,
    p_actor text default null
)
returns text
language plpgsql security definer set search_path = ''
as $$
declare
    v_now timestamptz := wahook_private.clock_now();
    v_conversation wahook_private.webhook_conversations;
begin
    v_conversation := wahook_private.lock_conversation(p_conversation_id);

    if v_conversation.state = 'paused' then
        update wahook_private.webhook_conversations as c
        set paused_reason = coalesce(p_reason, c.paused_reason),
            updated_at = v_now
        where c.conversation_id = p_conversation_id;
        return 'paused';
    end if;

    if v_conversation.state = 'processing' then
        perform wahook_private.abandon_leased_turns(
            array[p_conversation_id], array[v_conversation.lease_token], 'paused', coalesce(p_reason, 'paused')
        );
    end if;

    perform wahook_private.transition_conversation(
        p_conversation_id, v_conversation.state, 'paused', coalesce('paused: ' || p_reason, 'paused'), p_actor,
        v_conversation.lease_token
    );

    update wahook_private.webhook_conversations as c
    set paused_reason = p_reason
    where c.conversation_id = p_conversation_id;

    perform wahook_private.note_pause(p_conversation_id, 'operator', p_reason);

    return v_conversation.state;
end
$$;

comment on function wahook.pause_conversation(bigint, text, text) is
'Pauses a conversation for a human (p_reason is kept in paused_reason, p_actor in the audit row). A turn in flight is abandoned: its messages go back to pending without counting an attempt, its agent_turns row becomes abandoned, and its lease becomes invalid (the worker''s heartbeat, complete_turn and fail_turn raise WH010). Paused conversations keep recording messages and are never claimed. Agent replies queued before the pause and not yet sending are withheld by claim_outbound_messages, never sent; people''s messages (wahook.send_human_reply) still go out. Pausing a paused conversation only updates the reason. Returns the state the conversation was in. Raises WH011 when the conversation does not exist.';

-- A human takes the conversation over (wahook_private.enter_pause: a turn in flight is abandoned and
-- its lease dropped, so the agent cannot answer over the human), noted as an operator's pause.
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
    v_state text;
begin
    v_state := wahook_private.enter_pause(p_conversation_id, p_reason, p_actor);
    if v_state <> 'paused' then
        perform wahook_private.note_pause(p_conversation_id, 'operator', p_reason);
    end if;
    return v_state;
end
$$;

comment on function wahook.pause_conversation(bigint, text, text) is
'Pauses a conversation for a human (p_reason is kept in paused_reason, p_actor in the audit row). A turn in flight is abandoned: its messages go back to pending without counting an attempt, its agent_turns row becomes abandoned, and its lease becomes invalid (the worker''s heartbeat, complete_turn and fail_turn raise WH010). Paused conversations keep recording messages and are never claimed. Agent replies queued before the pause and not yet sending are withheld by claim_outbound_messages, never sent; people''s messages (wahook.send_human_reply) still go out. Pausing a paused conversation only updates the reason. Returns the state the conversation was in. Raises WH011 when the conversation does not exist.';

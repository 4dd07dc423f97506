-- The state change of a pause, shared by an operator's pause (wahook.pause_conversation), the agent's
-- handoff (hand_off_turns) and a takeover from the WhatsApp Business app (ingest_echoes); each then
-- records what kind of pause it is (note_pause). A turn in flight is abandoned
-- (abandon_leased_turns): its messages go back to pending without counting an attempt (the agent did
-- not fail), and dropping the lease makes the worker's complete_turn or fail_turn raise WH010, so
-- the agent cannot answer over the human. A paused conversation only gets the new reason.
create or replace function wahook_private.enter_pause(
    p_conversation_id bigint,
    p_reason text,
    p_actor text
)
returns text
language plpgsql set search_path = ''
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

    return v_conversation.state;
end
$$;

comment on function wahook_private.enter_pause(bigint, text, text) is
'Pauses conversation p_conversation_id (locked here; raises WH011 when it does not exist): a turn in flight is abandoned (messages back to pending, no attempt counted, lease gone), the conversation becomes paused with paused_reason p_reason (audit actor p_actor). A paused one only gets p_reason. Returns the state it was in (paused when it already was). The caller records the pause''s kind with note_pause.';

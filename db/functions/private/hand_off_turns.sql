-- Turns whose agent asked for a person (handoff_reason in the completion), in the transaction that
-- completes them, after their reply was queued and their conversation settled: so no moment exists
-- where the reply is queued and the conversation not paused. Each is paused (enter_pause, which keeps
-- the messages that wait pending), noted as a handoff whose own reply still goes out,
-- and an alert is queued for the alert loop. Handoffs are rare: the loop runs over them alone.
create or replace function wahook_private.hand_off_turns(
    p_conversation_ids bigint [],
    p_lease_tokens bigint [],
    p_turns jsonb []
)
returns integer
language plpgsql set search_path = ''
as $$
declare
    v_turn record;
    v_count integer := 0;
begin
    for v_turn in
        select u.conversation_id, u.lease_token,
            pg_catalog.left(pg_catalog.btrim(u.turn ->> 'handoff_reason'), 1000) as reason
        from unnest(p_conversation_ids, p_lease_tokens, p_turns) as u (conversation_id, lease_token, turn)
        where u.turn ? 'handoff_reason' and pg_catalog.jsonb_typeof(u.turn -> 'handoff_reason') = 'string'
        order by u.conversation_id
    loop
        v_turn.reason := coalesce(nullif(v_turn.reason, ''), 'the agent asked for a person');
        perform wahook_private.enter_pause(v_turn.conversation_id, 'handoff: ' || v_turn.reason, 'agent');
        perform wahook_private.note_pause(v_turn.conversation_id, 'handoff', v_turn.reason, v_turn.lease_token);
        insert into wahook_private.handoff_alerts (conversation_id, reason, lease_token, created_at)
        values (v_turn.conversation_id, v_turn.reason, v_turn.lease_token, wahook_private.clock_now());
        v_count := v_count + 1;
    end loop;
    return v_count;
end
$$;

comment on function wahook_private.hand_off_turns(bigint [], bigint [], jsonb []) is
'Completion helper: pauses the conversation p_conversation_ids[i] of each completed turn p_turns[i] (lease p_lease_tokens[i]) that carries a JSON string handoff_reason (the agent asked for a person; an empty reason reads "the agent asked for a person", a long one is cut to 1000 characters): enter_pause with reason "handoff: <reason>" by actor agent, noted as kind handoff whose own reply is not withheld, and one handoff_alerts row queued. The caller holds the row locks. Returns how many were handed off.';

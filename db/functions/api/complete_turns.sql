-- Many turns completed in one transaction (the worker's group commit), each exactly as
-- complete_turn completes one, set-based in wahook_private.complete_leased_turns: the fence is
-- checked for the whole batch first without raising (rows locked by key, in key order, so two
-- batches never wait on each other in a cycle), then the live turns are written together, a
-- handful of statements for the batch. A turn whose lease was lost or whose conversation vanished
-- is reported in its row and does not fail its neighbours, with no subtransaction per turn.
create or replace function wahook.complete_turns(p_turns jsonb)
returns table (
    conversation_id bigint,
    lease_token bigint,
    outbox_id bigint,
    error_sqlstate text,
    error_message text
)
language plpgsql security definer set search_path = ''
as $$
declare
    v_queued boolean := false;
begin
    perform wahook_private.check_batch_items(
        p_turns,
        array['conversation_id', 'lease_token'],
        'complete_turns takes a JSON array of turns, each with a conversation_id and a lease_token',
        'Pass [{"conversation_id": ..., "lease_token": ..., "reply_text": ..., "reply_tokens": ..., "message_tokens": {...}, "usage": {...}, "correlation_id": ...}, ...].'
    );

    for conversation_id, lease_token, outbox_id, error_sqlstate, error_message in
        select d.conversation_id, d.lease_token, d.outbox_id, d.error_sqlstate, d.error_message
        from wahook_private.complete_leased_turns(p_turns) as d
    loop
        v_queued := v_queued or outbox_id is not null;
        return next;
    end loop;

    if v_queued then
        -- Senders wake at commit instead of at their next poll: one notification for the batch.
        perform pg_catalog.pg_notify('wahook_outbox', '');
    end if;
end
$$;

comment on function wahook.complete_turns(jsonb) is
'Completes many turns in one transaction, each exactly as complete_turn does: p_turns is a JSON array of {conversation_id, lease_token, reply_text, reply_tokens, message_tokens, usage, correlation_id, handoff_reason} (complete_turn''s arguments, and handoff_reason; reply_text null or absent completes without a reply). A turn whose handoff_reason is a JSON string (the agent asked for a person) also pauses its conversation in the same transaction (wahook_private.hand_off_turns): its own reply is still sent, an alert is queued for the alert loop (wahook.claim_handoff_alerts), and the messages that wait stay pending until wahook.resume_conversation (or until settings.handoff_quiet_minutes pass without human activity, when set). Returns one row per turn, in conversation order: conversation_id, lease_token, outbox_id (the queued reply, or null) and, for a turn that was not completed, error_sqlstate WH010 (its lease expired or is no longer this token''s) or WH011 (its conversation does not exist) with error_message; such a turn changes nothing and its neighbours are completed. A conversation named twice under its live lease is completed once, by the first of its turns; the later one reports WH010. A queued reply NOTIFYs channel wahook_outbox at commit. Raises WH002 when p_turns is not such an array, or (failing the whole call) when a live turn has an empty reply, a negative reply_tokens, or message_tokens or usage that is not a JSON object.';

-- Many turns completed in one transaction (the worker's group commit): each exactly as
-- complete_turn completes one (wahook_private.complete_leased_turn). A turn whose lease was lost or
-- whose conversation vanished is reported in its row and does not fail its neighbours: the fence is
-- checked first without raising (try_lock_lease), before anything of the turn is written, so no
-- subtransaction is needed (many subtransactions that write would overflow each backend's
-- subtransaction cache and slow every snapshot of the server).
-- Locks are held to the end of the transaction, across turns: turns run in conversation order, as
-- process_messages orders its bodies, so two batches never wait on each other in a cycle.
create or replace function wahook.complete_turns(p_turns jsonb)
returns table (
    conversation_id bigint,
    lease_token bigint,
    outbox_id bigint,
    error_sqlstate text,
    error_message text
)
language plpgsql
security definer
set search_path = ''
as $$
declare
    v_turn record;
    v_lease record;
    v_outbox_id bigint;
    v_queued boolean := false;
begin
    perform wahook_private.check_batch_items(
        p_turns,
        array['conversation_id', 'lease_token'],
        'complete_turns takes a JSON array of turns, each with a conversation_id and a lease_token',
        'Pass [{"conversation_id": ..., "lease_token": ..., "reply_text": ..., "reply_tokens": ..., "message_tokens": {...}, "usage": {...}, "correlation_id": ...}, ...].'
    );

    for v_turn in
        select (t.turn ->> 'conversation_id')::bigint as turn_conversation_id,
            (t.turn ->> 'lease_token')::bigint as turn_lease_token,
            t.turn
        from pg_catalog.jsonb_array_elements(p_turns) with ordinality as t (turn, ord)
        order by 1, t.ord
    loop
        select l.o_sqlstate, l.o_message into v_lease
        from wahook_private.try_lock_lease(v_turn.turn_conversation_id, v_turn.turn_lease_token) as l;

        v_outbox_id := null;
        if v_lease.o_sqlstate is null then
            v_outbox_id := wahook_private.complete_leased_turn(
                v_turn.turn_conversation_id,
                v_turn.turn_lease_token,
                v_turn.turn ->> 'reply_text',
                (v_turn.turn ->> 'reply_tokens')::integer,
                nullif(v_turn.turn -> 'message_tokens', 'null'),
                nullif(v_turn.turn -> 'usage', 'null'),
                v_turn.turn ->> 'correlation_id'
            );
            v_queued := v_queued or v_outbox_id is not null;
        end if;

        return query
        select v_turn.turn_conversation_id, v_turn.turn_lease_token, v_outbox_id, v_lease.o_sqlstate,
            v_lease.o_message;
    end loop;

    if v_queued then
        -- Senders wake at commit instead of at their next poll: one notification for the batch.
        perform pg_catalog.pg_notify('wahook_outbox', '');
    end if;
end
$$;

revoke all on function wahook.complete_turns(jsonb) from public;
grant execute on function wahook.complete_turns(jsonb) to wahook_service;

comment on function wahook.complete_turns(jsonb) is
'Completes many turns in one transaction, each exactly as complete_turn does: p_turns is a JSON array of {conversation_id, lease_token, reply_text, reply_tokens, message_tokens, usage, correlation_id} (the arguments of complete_turn; reply_text null or absent completes without a reply). Returns one row per turn, in conversation order: conversation_id, lease_token, outbox_id (the queued reply, or null) and, for a turn that was not completed, error_sqlstate WH010 (its lease expired or is no longer this token''s) or WH011 (its conversation does not exist) with error_message; such a turn changes nothing and its neighbours are completed. A queued reply NOTIFYs channel wahook_outbox at commit. Raises WH002 when p_turns is not such an array, or (failing the whole call) when a live turn has an empty reply, a negative reply_tokens, or message_tokens or usage that is not a JSON object.';

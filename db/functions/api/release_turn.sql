-- A worker gives a turn back unanswered (it is shutting down): nothing failed, so no attempt is
-- counted and nothing goes to the DLQ. The messages return to pending in their order, the turn is
-- abandoned, and the conversation is pending again for whichever worker claims next.
create or replace function wahook.release_turn(
    p_conversation_id bigint,
    p_lease_token bigint,
    p_reason text default 'released by the worker',
    p_correlation_id text default null
)
returns integer
language plpgsql security definer set search_path = ''
as $$
declare
    v_conversation wahook_private.webhook_conversations;
    v_reason text := coalesce(p_reason, 'released by the worker');
    v_count integer;
begin
    v_conversation := wahook_private.lock_lease(p_conversation_id, p_lease_token);
    v_count := wahook_private.abandon_leased_turns(
        array[p_conversation_id], array[p_lease_token], 'released', v_reason, array[p_correlation_id]
    );
    perform wahook_private.settle_conversation(
        p_conversation_id, 'processing', v_reason, v_conversation.lease_owner, p_lease_token,
        p_correlation_id
    );
    return v_count;
end
$$;

comment on function wahook.release_turn(bigint, bigint, text, text) is
'Gives back the unanswered turn of lease p_lease_token (a worker shutting down): its messages return to pending without an attempt counted or a DLQ row, the turn is abandoned (error_code released, p_reason kept), and the conversation is pending again (at the turns-per-minute pace) or idle if nothing waits. Returns how many messages went back. Raises WH010 when the lease expired or is no longer this token''s, WH011 when the conversation does not exist.';

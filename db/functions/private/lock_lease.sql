-- The fence: fail_turn and release_turn lock the conversation row and go on only when it is still
-- processing under the presented token and the lease has not expired (the rule lives in
-- try_lock_leases, which the batched calls use without raising; its errors are raised by
-- raise_lease_error).
create or replace function wahook_private.lock_lease(p_conversation_id bigint, p_lease_token bigint)
returns wahook_private.webhook_conversations
language plpgsql set search_path = ''
as $$
declare
    v_lease record;
begin
    select l.o_conversation, l.o_sqlstate, l.o_message into v_lease
    from wahook_private.try_lock_leases(array[p_conversation_id], array[p_lease_token]) as l;

    perform wahook_private.raise_lease_error(v_lease.o_sqlstate, v_lease.o_message);

    return v_lease.o_conversation;
end
$$;

comment on function wahook_private.lock_lease(bigint, bigint) is
'Locks the conversation row and returns it if p_lease_token is its live lease. Raises WH011 when the conversation does not exist, WH010 when it is not processing under this token or the lease has expired.';

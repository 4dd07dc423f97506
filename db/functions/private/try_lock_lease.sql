-- The fence for one lease, without raising: wahook_private.try_lock_leases (the one home of the
-- rule) for one item. Locks the conversation row and says whether p_lease_token is its live lease.
create or replace function wahook_private.try_lock_lease(
    p_conversation_id bigint,
    p_lease_token bigint,
    out o_conversation wahook_private.webhook_conversations,
    out o_sqlstate text,
    out o_message text
)
language sql
volatile
set search_path = ''
as $$
    select l.o_conversation, l.o_sqlstate, l.o_message
    from wahook_private.try_lock_leases(array[p_conversation_id], array[p_lease_token]) as l
$$;

comment on function wahook_private.try_lock_lease(bigint, bigint) is
'Locks the conversation row when it exists and returns it (o_conversation) with, when p_lease_token is not its live lease, a refusal: o_sqlstate WH011 (no such conversation) or WH010 (not processing under this token, or the lease has expired) and o_message. o_sqlstate is null for a live lease.';

revoke all on function wahook_private.try_lock_lease(bigint, bigint) from public;

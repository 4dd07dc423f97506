-- The fence, without raising: locks the conversation row and says whether p_lease_token is its live
-- lease. Batched calls (complete_turns, heartbeats) use it so that one lost lease does not fail its
-- neighbours; lock_lease raises what it reports. An expired lease is refused even before anyone
-- took it over: its messages may already be counted as failed.
create or replace function wahook_private.try_lock_lease(
    p_conversation_id bigint,
    p_lease_token bigint,
    out o_conversation wahook_private.webhook_conversations,
    out o_sqlstate text,
    out o_message text
)
language plpgsql
set search_path = ''
as $$
begin
    select c.* into o_conversation
    from wahook_private.webhook_conversations as c
    where c.conversation_id = p_conversation_id
    for update;

    if not found then
        o_sqlstate := 'WH011';
        o_message := pg_catalog.format('conversation %s does not exist', p_conversation_id);
    elsif o_conversation.state <> 'processing'
        or o_conversation.lease_token is distinct from p_lease_token
        or o_conversation.lease_expires_at <= wahook_private.clock_now() then
        o_sqlstate := 'WH010';
        o_message := pg_catalog.format(
            'lease %s of conversation %s is lost (state %s, current token %s, expires at %s)',
            p_lease_token, p_conversation_id, o_conversation.state,
            coalesce(o_conversation.lease_token::text, 'none'),
            coalesce(o_conversation.lease_expires_at::text, 'never')
        );
    end if;
end
$$;

comment on function wahook_private.try_lock_lease(bigint, bigint) is
'Locks the conversation row when it exists and returns it (o_conversation) with, when p_lease_token is not its live lease, a refusal: o_sqlstate WH011 (no such conversation) or WH010 (not processing under this token, or the lease has expired) and o_message. o_sqlstate is null for a live lease.';

revoke all on function wahook_private.try_lock_lease(bigint, bigint) from public;

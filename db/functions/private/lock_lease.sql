-- The fence: heartbeat, complete_turn and fail_turn lock the conversation row and go on only when
-- it is still processing under the presented token and the lease has not expired. An expired lease
-- is refused even before anyone took it over: its messages may already be counted as failed.
create or replace function wahook_private.lock_lease(p_conversation_id bigint, p_lease_token bigint)
returns wahook_private.webhook_conversations
language plpgsql
set search_path = ''
as $$
declare
    v_conversation wahook_private.webhook_conversations;
begin
    v_conversation := wahook_private.lock_conversation(p_conversation_id);

    if v_conversation.state <> 'processing'
        or v_conversation.lease_token is distinct from p_lease_token
        or v_conversation.lease_expires_at <= wahook_private.clock_now() then
        raise exception using
            errcode = 'WH010',
            message = pg_catalog.format(
                'lease %s of conversation %s is lost (state %s, current token %s, expires at %s)',
                p_lease_token, p_conversation_id, v_conversation.state,
                coalesce(v_conversation.lease_token::text, 'none'),
                coalesce(v_conversation.lease_expires_at::text, 'never')
            ),
            hint = 'The turn is no longer this worker''s: drop its result, another worker has or will have the messages.';
    end if;

    return v_conversation;
end
$$;

comment on function wahook_private.lock_lease(bigint, bigint) is
'Locks the conversation row and returns it if p_lease_token is its live lease. Raises WH011 when the conversation does not exist, WH010 when it is not processing under this token or the lease has expired.';

revoke all on function wahook_private.lock_lease(bigint, bigint) from public;

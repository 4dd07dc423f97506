-- Every per-conversation change starts here: the row lock serialises it with claims, turns and
-- ingest of the same conversation.
create or replace function wahook_private.lock_conversation(p_conversation_id bigint)
returns wahook_private.webhook_conversations
language plpgsql set search_path = ''
as $$
declare
    v_conversation wahook_private.webhook_conversations;
begin
    select c.* into v_conversation
    from wahook_private.webhook_conversations as c
    where c.conversation_id = p_conversation_id
    for update;

    if not found then
        raise exception using
            errcode = 'WH011',
            message = pg_catalog.format('conversation %s does not exist', p_conversation_id);
    end if;

    return v_conversation;
end
$$;

comment on function wahook_private.lock_conversation(bigint) is
'Locks the conversation row and returns it. Raises WH011 when the conversation does not exist.';

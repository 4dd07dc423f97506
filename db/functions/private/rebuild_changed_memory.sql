-- Conversation memory after customers changed messages that may have been answered: the entry of a
-- revoked message is deleted; the entries of edited messages, and of every message that quotes a
-- changed one, are rewritten to read as the message now does (reads_as of
-- wahook_private.inbound_messages_as_read, what complete_leased_turns stores, so that a later
-- context window shows what a turn would store today), their token counts by estimate_tokens_like (tiktoken runs in the
-- sidecar). An unanswered message has no entry and is left alone: its turn reads it as it is.
-- Changes are rare; a conversation's entries are found through its primary key prefix.
create or replace function wahook_private.rebuild_changed_memory(
    p_conversation_ids bigint [],
    p_message_ids bigint [],
    p_wamids text [],
    p_revoked boolean []
)
returns void
language plpgsql set search_path = '' set plan_cache_mode = force_generic_plan
as $$
begin
    delete from wahook_private.agent_contexts as a
    using unnest(p_conversation_ids, p_message_ids, p_revoked) as u (conversation_id, id, revoked)
    where a.conversation_id = any(p_conversation_ids)
        and a.conversation_id = u.conversation_id
        and a.message_id = u.id
        and a.role = 'user'
        and u.revoked;

    update wahook_private.agent_contexts as a
    set content = m.reads_as,
        token_count = wahook_private.estimate_tokens_like(m.reads_as, a.content, a.token_count)
    from (
        select u.conversation_id, u.id
        from unnest(p_conversation_ids, p_message_ids) as u (conversation_id, id)
        union
        select q.conversation_id, q.id
        from unnest(p_conversation_ids, p_wamids) as u (conversation_id, wamid)
        inner join wahook_private.processed_webhook_messages as q
            on q.conversation_id = u.conversation_id and q.context_wamid = u.wamid
        where q.conversation_id = any(p_conversation_ids)
    ) as f
    inner join wahook_private.inbound_messages_as_read as m on m.conversation_id = f.conversation_id and m.id = f.id
    where a.conversation_id = any(p_conversation_ids)
        and m.conversation_id = any(p_conversation_ids)
        and a.conversation_id = f.conversation_id
        and a.message_id = f.id
        and a.role = 'user'
        and m.revoked_at is null
        and a.content is distinct from m.reads_as;
end
$$;

comment on function wahook_private.rebuild_changed_memory(bigint [], bigint [], text [], boolean []) is
'After customers changed messages p_message_ids[i] (wamid p_wamids[i]) of conversations p_conversation_ids[i], already applied to those rows: deletes the memory entry (agent_contexts, role user) of each revoked one (p_revoked[i]) and rewrites the entries of the others and of every message quoting a changed one to read as they now do (reads_as of wahook_private.inbound_messages_as_read), with token counts from estimate_tokens_like. Raises nothing of its own.';

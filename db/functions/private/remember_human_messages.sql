-- The one home of people's messages in the conversation's memory: a human reply or an echo of the
-- WhatsApp Business app becomes what the business said (role assistant), as the agent's replies
-- are, so the agent knows it after a resume. It reads as an inbound message of its type would
-- (message_reads_as over the Graph message object's text). Tokens estimated as complete_leased_turns
-- estimates a missing count (4 characters a token, plus 4 for the chat format).
create or replace function wahook_private.remember_human_messages(
    p_conversation_ids bigint [],
    p_outbound_ids bigint []
)
returns void
language sql set search_path = ''
as $$
    insert into wahook_private.agent_contexts (
        conversation_id, role, content, token_count, outbound_id, created_at
    )
    select o.conversation_id, 'assistant', r.content,
        pg_catalog.ceil(pg_catalog.length(r.content) / 4.0)::integer + 4,
        o.id, wahook_private.clock_now()
    from unnest(p_conversation_ids, p_outbound_ids) with ordinality as u (conversation_id, outbound_id, n)
    inner join wahook_private.outbound_messages as o
        on o.conversation_id = u.conversation_id and o.id = u.outbound_id
    cross join lateral (
        select wahook_private.message_reads_as(
            o.body ->> 'type', wahook_private.ingest_text_body(o.body)
        ) as content
    ) as r
    where o.author is not null
        and o.conversation_id = any(p_conversation_ids)
    order by u.n
$$;

comment on function wahook_private.remember_human_messages(bigint [], bigint []) is
'Adds the people''s messages p_outbound_ids[i] of conversations p_conversation_ids[i] (outbox rows with an author) to the conversation memory (agent_contexts) as what the business said (role assistant, outbound_id set), in array order, reading as message_reads_as reads their Graph message object. Agent replies are ignored (they are remembered by their turn). Returns nothing.';

-- The one home of people's messages in the conversation's memory: a human reply or an echo of the
-- WhatsApp Business app becomes what the business said (role assistant), as the agent's replies
-- are, so the agent knows it after a resume. It reads as wahook_private.outbound_reads_as says,
-- with the estimate of an uncounted entry (wahook_private.estimate_tokens).
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
    select o.conversation_id, 'assistant', r.content, wahook_private.estimate_tokens(r.content),
        o.id, wahook_private.clock_now()
    from unnest(p_conversation_ids, p_outbound_ids) with ordinality as u (conversation_id, outbound_id, n)
    inner join wahook_private.outbound_messages as o
        on o.conversation_id = u.conversation_id and o.id = u.outbound_id
    cross join lateral (select wahook_private.outbound_reads_as(o.body) as content) as r
    where o.author is not null
        and o.conversation_id = any(p_conversation_ids)
    order by u.n
$$;

comment on function wahook_private.remember_human_messages(bigint [], bigint []) is
'Adds the people''s messages p_outbound_ids[i] of conversations p_conversation_ids[i] (outbox rows with an author) to the conversation memory (agent_contexts) as what the business said (role assistant, outbound_id set), in array order, reading as outbound_reads_as says. Agent replies are ignored (they are remembered by their turn). Returns nothing.';

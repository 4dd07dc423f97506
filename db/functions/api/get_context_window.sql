-- The sliding window of conversation memory: the newest entries that fit the budget together, in
-- reading order. It stops at the first entry that does not fit (no older entry is picked to fill
-- the gap), so the window is always a contiguous, recent stretch of the conversation.
-- It reads only what it returns and one entry more: a recursive walk takes the entries newest
-- first, one at a time (each step `id < previous order by id desc limit 1`, a backward step on the
-- primary key (conversation_id, id)), adding up their tokens, and stops after the first that does
-- not fit; those that fit are returned in reading order. A plain `order by id desc` loop would not
-- do: planned for all its rows, it may well read the whole history (bitmap scan and sort) before
-- its first row comes out, whereas `limit 1` on the index order always steps through the index.
-- Token counts are never negative, so the running sum only grows: the entries that fit are
-- exactly those before the first that does not, as the window function this replaces computed.
create or replace function wahook.get_context_window(p_conversation_id bigint, p_token_budget integer)
returns table (role text, content text, token_count integer, created_at timestamptz)
language plpgsql stable security definer set search_path = ''
as $$
begin
    if p_token_budget is null or p_token_budget < 0 then
        raise exception using
            errcode = 'WH002',
            message = pg_catalog.format('p_token_budget must be a non-negative number, not %s', p_token_budget);
    end if;
    if not exists (
        select from wahook_private.webhook_conversations as c where c.conversation_id = p_conversation_id
    ) then
        raise exception using
            errcode = 'WH011',
            message = pg_catalog.format('conversation %s does not exist', p_conversation_id);
    end if;

    return query
    with recursive newest_first (id, role, content, token_count, created_at, running_tokens) as (
        (
            select a.id, a.role, a.content, a.token_count, a.created_at, a.token_count::bigint
            from wahook_private.agent_contexts as a
            where a.conversation_id = p_conversation_id
            order by a.id desc
            limit 1
        )
        union all
        (
            select older.id, older.role, older.content, older.token_count, older.created_at,
                w.running_tokens + older.token_count
            from newest_first as w
            cross join lateral (
                select a.id, a.role, a.content, a.token_count, a.created_at
                from wahook_private.agent_contexts as a
                where a.conversation_id = p_conversation_id and a.id < w.id
                order by a.id desc
                limit 1
            ) as older
            -- The walk ends after the first entry that does not fit.
            where w.running_tokens <= p_token_budget
        )
    )

    select w.role, w.content, w.token_count, w.created_at
    from newest_first as w
    where w.running_tokens <= p_token_budget
    order by w.id;
end
$$;

comment on function wahook.get_context_window(bigint, integer) is
'The conversation memory that fits p_token_budget: the newest agent_contexts entries whose token counts sum to at most the budget (stopping at the first that does not fit), oldest first, as rows (role user or assistant, content, token_count, created_at). Never more than the budget; empty when the newest entry alone exceeds it. Raises WH002 for a null or negative budget, WH011 when the conversation does not exist.';

-- The conversations a person has now, for the dashboard and operators: why and since when, the
-- latest human activity, and how many customer messages wait for the agent.
create or replace function wahook.paused_conversations(p_limit integer default 50)
returns table (
    conversation_id bigint,
    kind text,
    reason text,
    paused_at timestamptz,
    last_human_at timestamptz,
    pending_count bigint
)
language plpgsql stable security definer set search_path = ''
as $$
begin
    perform wahook_private.check_argument_between('p_limit', p_limit, 1, 1000);
    return query
    select c.conversation_id, coalesce(h.kind, 'operator'), c.paused_reason,
        coalesce(h.paused_at, c.state_changed_at), coalesce(h.last_human_at, c.state_changed_at),
        (
            select pg_catalog.count(*) from wahook_private.processed_webhook_messages as m
            where m.conversation_id = c.conversation_id and m.status = 'pending'
        )
    from wahook_private.webhook_conversations as c
    left join wahook_private.conversation_handoffs as h on c.conversation_id = h.conversation_id
    where c.state = 'paused'
    order by coalesce(h.paused_at, c.state_changed_at) desc, c.conversation_id
    limit p_limit;
end
$$;

comment on function wahook.paused_conversations(integer) is
'The paused conversations (a person has them), newest pause first, at most p_limit: conversation_id, kind (handoff, takeover or operator), reason, paused_at, last_human_at (the latest echo or human reply, or the pause) and pending_count (customer messages waiting for the agent). Raises WH002 when p_limit is outside 1..1000.';

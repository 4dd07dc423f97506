-- The fence, set-based and without raising: locks the conversation rows of a batch (by key, `= any`
-- on conversation_id, in key order, so two batches never wait on each other in a cycle) and says
-- for each item whether p_lease_tokens[i] is the live lease of conversation p_conversation_ids[i].
-- An expired lease is refused even before anyone took it over: its messages may already be counted
-- as failed. complete_turns and heartbeats report a refusal in the item's row; lock_lease (one
-- lease) raises it.
create or replace function wahook_private.try_lock_leases(p_conversation_ids bigint [], p_lease_tokens bigint [])
returns table (
    ord bigint,
    conversation_id bigint,
    lease_token bigint,
    o_conversation wahook_private.webhook_conversations,
    o_sqlstate text,
    o_message text
)
-- Generic plans: a custom plan per call for a batch of one costs more to plan than to run.
language plpgsql set search_path = '' set plan_cache_mode = force_generic_plan
as $$
declare
    v_now timestamptz := wahook_private.clock_now();
    v_locked integer;
begin
    select pg_catalog.count(*) into v_locked
    from (
        select c.conversation_id
        from wahook_private.webhook_conversations as c
        where c.conversation_id = any(p_conversation_ids)
        order by c.conversation_id
        for update
    ) as l;

    -- A new statement: it reads the rows as they are now that they are locked.
    return query
    select u.ord, u.conversation_id, u.lease_token, c,
        case
            when c.conversation_id is null then 'WH011'
            when c.state <> 'processing'
                or c.lease_token is distinct from u.lease_token
                or c.lease_expires_at <= v_now then 'WH010'
        end,
        case
            when c.conversation_id is null then pg_catalog.format('conversation %s does not exist', u.conversation_id)
            when c.state <> 'processing'
                or c.lease_token is distinct from u.lease_token
                or c.lease_expires_at <= v_now then pg_catalog.format(
                    'lease %s of conversation %s is lost (state %s, current token %s, expires at %s)',
                    u.lease_token, u.conversation_id, c.state,
                    coalesce(c.lease_token::text, 'none'),
                    coalesce(c.lease_expires_at::text, 'never')
                )
        end
    -- Multi-argument unnest is ROWS FROM syntax, not a pg_catalog function: it cannot be qualified.
    from unnest(p_conversation_ids, p_lease_tokens) with ordinality as u (conversation_id, lease_token, ord)
    left join wahook_private.webhook_conversations as c
        on c.conversation_id = u.conversation_id and c.conversation_id = any(p_conversation_ids)
    order by u.ord;
end
$$;

comment on function wahook_private.try_lock_leases(bigint [], bigint []) is
'Locks the existing conversation rows of p_conversation_ids (in key order) and returns, for each item i in order (ord), the conversation row (o_conversation, null when it does not exist) with, when p_lease_tokens[i] is not its live lease, a refusal: o_sqlstate WH011 (no such conversation) or WH010 (not processing under this token, or the lease has expired) and o_message. o_sqlstate is null for a live lease.';

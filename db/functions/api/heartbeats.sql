-- A worker extends the leases of all its running turns in one call, and learns which were lost.
-- Each as heartbeat extends one, in wahook_private.extend_leases (the one home of the rule, set-based:
-- the fence runs once for the batch without raising, then one update extends the live leases); a
-- lost lease or a vanished conversation is reported in its row without failing the others. Leases
-- are locked in conversation order, as complete_turns takes them.
create or replace function wahook.heartbeats(p_leases jsonb, p_lease_seconds integer default null)
returns table (
    conversation_id bigint,
    lease_token bigint,
    lease_expires_at timestamptz,
    error_sqlstate text,
    error_message text
)
language plpgsql security definer set search_path = ''
as $$
declare
    v_ids bigint [];
    v_tokens bigint [];
begin
    perform wahook_private.check_argument_between('p_lease_seconds', p_lease_seconds, 1, 86400, p_optional => true);
    perform wahook_private.check_batch_items(
        p_leases,
        array['conversation_id', 'lease_token'],
        'heartbeats takes a JSON array of leases, each with a conversation_id and a lease_token',
        'Pass [{"conversation_id": ..., "lease_token": ...}, ...].'
    );

    -- In conversation order (then as given): the order of the rows returned.
    select pg_catalog.array_agg(l.lease_conversation_id order by l.lease_conversation_id, l.ord),
        pg_catalog.array_agg(l.lease_lease_token order by l.lease_conversation_id, l.ord)
    into v_ids, v_tokens
    from (
        select (e.lease ->> 'conversation_id')::bigint as lease_conversation_id,
            (e.lease ->> 'lease_token')::bigint as lease_lease_token,
            e.ord
        from pg_catalog.jsonb_array_elements(p_leases) with ordinality as e (lease, ord)
    ) as l;

    return query
    select x.conversation_id, x.lease_token, x.lease_expires_at, x.o_sqlstate, x.o_message
    from wahook_private.extend_leases(v_ids, v_tokens, p_lease_seconds) as x
    order by x.ord;
end
$$;

comment on function wahook.heartbeats(jsonb, integer) is
'Extends many leases in one call, each as heartbeat does: p_leases is a JSON array of {conversation_id, lease_token}; each live lease is extended to now + p_lease_seconds (default settings.lease_seconds). Returns one row per lease, in conversation order: conversation_id, lease_token, lease_expires_at (the new expiry) or, for a lease that was not extended, error_sqlstate WH010 (expired or no longer this token''s) or WH011 (no such conversation) with error_message; the others are extended all the same. Raises WH002 when p_leases is not such an array or p_lease_seconds is outside 1..86400.';

-- A worker extends the leases of all its running turns in one call, and learns which were lost.
-- Each as heartbeat extends one (wahook_private.extend_lease); a lost lease or a vanished
-- conversation is reported in its row without failing the others (checked first, without raising,
-- by try_lock_lease). Leases are locked in conversation order, as complete_turns takes them.
create or replace function wahook.heartbeats(p_leases jsonb, p_lease_seconds integer default null)
returns table (
    conversation_id bigint,
    lease_token bigint,
    lease_expires_at timestamptz,
    error_sqlstate text,
    error_message text
)
language plpgsql
security definer
set search_path = ''
as $$
declare
    v_lease record;
    v_check record;
    v_expires_at timestamptz;
begin
    perform wahook_private.check_argument_between('p_lease_seconds', p_lease_seconds, 1, 86400, p_optional => true);
    perform wahook_private.check_batch_items(
        p_leases,
        array['conversation_id', 'lease_token'],
        'heartbeats takes a JSON array of leases, each with a conversation_id and a lease_token',
        'Pass [{"conversation_id": ..., "lease_token": ...}, ...].'
    );

    for v_lease in
        select (l.lease ->> 'conversation_id')::bigint as lease_conversation_id,
            (l.lease ->> 'lease_token')::bigint as lease_lease_token
        from pg_catalog.jsonb_array_elements(p_leases) with ordinality as l (lease, ord)
        order by 1, l.ord
    loop
        select t.o_sqlstate, t.o_message into v_check
        from wahook_private.try_lock_lease(v_lease.lease_conversation_id, v_lease.lease_lease_token) as t;

        v_expires_at := null;
        if v_check.o_sqlstate is null then
            v_expires_at := wahook_private.extend_lease(
                v_lease.lease_conversation_id, v_lease.lease_lease_token, p_lease_seconds
            );
        end if;

        return query
        select v_lease.lease_conversation_id, v_lease.lease_lease_token, v_expires_at, v_check.o_sqlstate,
            v_check.o_message;
    end loop;
end
$$;

revoke all on function wahook.heartbeats(jsonb, integer) from public;
grant execute on function wahook.heartbeats(jsonb, integer) to wahook_service;

comment on function wahook.heartbeats(jsonb, integer) is
'Extends many leases in one call, each as heartbeat does: p_leases is a JSON array of {conversation_id, lease_token}; each live lease is extended to now + p_lease_seconds (default settings.lease_seconds). Returns one row per lease, in conversation order: conversation_id, lease_token, lease_expires_at (the new expiry) or, for a lease that was not extended, error_sqlstate WH010 (expired or no longer this token''s) or WH011 (no such conversation) with error_message; the others are extended all the same. Raises WH002 when p_leases is not such an array or p_lease_seconds is outside 1..86400.';

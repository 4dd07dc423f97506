-- A worker in a long agent call keeps its lease alive: wahook_private.extend_leases (shared with
-- heartbeats) for one lease, raising its refusal. Only the live lease can be extended: an expired
-- one may already have been released or taken over.
create or replace function wahook.heartbeat(
    p_conversation_id bigint,
    p_lease_token bigint,
    p_lease_seconds integer default null
)
returns timestamptz
language plpgsql security definer set search_path = ''
as $$
declare
    v_lease record;
begin
    perform wahook_private.check_argument_between('p_lease_seconds', p_lease_seconds, 1, 86400, p_optional => true);

    select e.lease_expires_at, e.o_sqlstate, e.o_message into strict v_lease
    from wahook_private.extend_leases(array[p_conversation_id], array[p_lease_token], p_lease_seconds) as e;

    perform wahook_private.raise_lease_error(v_lease.o_sqlstate, v_lease.o_message);
    return v_lease.lease_expires_at;
end
$$;

comment on function wahook.heartbeat(bigint, bigint, integer) is
'Extends the lease p_lease_token of conversation p_conversation_id to now + p_lease_seconds (default settings.lease_seconds) and returns the new expiry. Raises WH010 when the lease expired or is no longer this token''s, WH011 when the conversation does not exist, WH002 for a p_lease_seconds outside 1..86400.';

-- A worker in a long agent call keeps its lease alive. Only the live lease can be extended: an
-- expired one may already have been released or taken over (wahook_private.extend_lease).
create or replace function wahook.heartbeat(
    p_conversation_id bigint,
    p_lease_token bigint,
    p_lease_seconds integer default null
)
returns timestamptz
language plpgsql
security definer
set search_path = ''
as $$
begin
    perform wahook_private.check_argument_between('p_lease_seconds', p_lease_seconds, 1, 86400, p_optional => true);

    return wahook_private.extend_lease(p_conversation_id, p_lease_token, p_lease_seconds);
end
$$;

revoke all on function wahook.heartbeat(bigint, bigint, integer) from public;
grant execute on function wahook.heartbeat(bigint, bigint, integer) to wahook_service;

comment on function wahook.heartbeat(bigint, bigint, integer) is
'Extends the lease p_lease_token of conversation p_conversation_id to now + p_lease_seconds (default settings.lease_seconds) and returns the new expiry. Raises WH010 when the lease expired or is no longer this token''s, WH011 when the conversation does not exist, WH002 for a p_lease_seconds outside 1..86400.';

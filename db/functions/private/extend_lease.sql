-- A live lease is extended to now + p_lease_seconds (default settings.lease_seconds); heartbeat and
-- heartbeats both come here. Only the live lease can be extended: an expired one may already have
-- been released or taken over (lock_lease refuses it).
create or replace function wahook_private.extend_lease(
    p_conversation_id bigint,
    p_lease_token bigint,
    p_lease_seconds integer default null
)
returns timestamptz
language plpgsql
set search_path = ''
as $$
declare
    v_expires_at timestamptz;
begin
    perform wahook_private.lock_lease(p_conversation_id, p_lease_token);

    update wahook_private.webhook_conversations as c
    set lease_expires_at = wahook_private.clock_now() + pg_catalog.make_interval(
            secs => coalesce(p_lease_seconds, (select s.lease_seconds from wahook_private.settings as s))
        ),
        updated_at = wahook_private.clock_now()
    where c.conversation_id = p_conversation_id
    returning c.lease_expires_at into v_expires_at;

    return v_expires_at;
end
$$;

comment on function wahook_private.extend_lease(bigint, bigint, integer) is
'Extends the live lease p_lease_token of conversation p_conversation_id to now + p_lease_seconds (default settings.lease_seconds) and returns the new expiry. Raises WH010 and WH011 as lock_lease does.';

revoke all on function wahook_private.extend_lease(bigint, bigint, integer) from public;

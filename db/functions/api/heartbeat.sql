-- A worker in a long agent call keeps its lease alive. Only the live lease can be extended: an
-- expired one may already have been released or taken over.
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
declare
    v_expires_at timestamptz;
begin
    if p_lease_seconds is not null and p_lease_seconds not between 1 and 86400 then
        raise exception using
            errcode = 'WH002',
            message = pg_catalog.format('p_lease_seconds must be between 1 and 86400, not %s', p_lease_seconds);
    end if;

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

revoke all on function wahook.heartbeat(bigint, bigint, integer) from public;
grant execute on function wahook.heartbeat(bigint, bigint, integer) to wahook_service;

comment on function wahook.heartbeat(bigint, bigint, integer) is
'Extends the lease p_lease_token of conversation p_conversation_id to now + p_lease_seconds (default settings.lease_seconds) and returns the new expiry. Raises WH010 when the lease expired or is no longer this token''s, WH011 when the conversation does not exist, WH002 for a p_lease_seconds outside 1..86400.';

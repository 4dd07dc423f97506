-- Health check expired_leases: conversations processing with a lease past its expiry
-- (webhook_conversations_lease_expiry_idx). Warn at one, critical above
-- settings.health_max_expired_leases.
create or replace function wahook_private.health_expired_leases()
returns table (check_name text, status text, value numeric, threshold numeric, details text)
language plpgsql
stable
set search_path = ''
as $$
declare
    v_settings wahook_private.settings;
    v_count bigint;
    v_at timestamptz;
begin
    select * into strict v_settings from wahook_private.settings as s where s.id;

    select pg_catalog.count(*), pg_catalog.min(c.lease_expires_at)
    into v_count, v_at
    from wahook_private.webhook_conversations as c
    where c.state = 'processing' and c.lease_expires_at < wahook_private.clock_now();
    check_name := 'expired_leases';
    value := v_count;
    threshold := v_settings.health_max_expired_leases;
    status := wahook_private.health_status(value, threshold, 0);
    details := case
        when v_count = 0 then 'no lease is past its expiry'
        else pg_catalog.format(
            '%s conversation(s) processing with an expired lease; oldest expired at %s', v_count, v_at
        )
    end;
    return next;
end
$$;

comment on function wahook_private.health_expired_leases() is
'Health check expired_leases: conversations processing with lease_expires_at past; warn above 0, critical above settings.health_max_expired_leases. One row (check_name, status, value, threshold, details).';

revoke all on function wahook_private.health_expired_leases() from public;

-- Health check expired_leases: conversations processing with a lease past its expiry
-- (webhook_conversations_lease_expiry_idx). Warn at one, critical above
-- settings.health_max_expired_leases.
create or replace view wahook_private.health_expired_leases as
select h.* -- noqa: AM04, the row of wahook_private.health_row
from wahook_private.settings as s
cross join wahook_private.report_windows as w
cross join lateral (
    select
        pg_catalog.count(*) as expired,
        pg_catalog.min(c.lease_expires_at) as oldest
    from wahook_private.webhook_conversations as c
    where c.state = 'processing' and c.lease_expires_at < w.now
) as e
cross join lateral wahook_private.health_row(
    'expired_leases', e.expired, s.health_max_expired_leases, 0,
    case
        when e.expired = 0 then 'no lease is past its expiry'
        else pg_catalog.format(
            '%s conversation(s) processing with an expired lease; oldest expired at %s', e.expired, e.oldest
        )
    end
) as h
where s.id;

comment on view wahook_private.health_expired_leases is
'Health check expired_leases: conversations processing with lease_expires_at past; warn above 0, critical above settings.health_max_expired_leases. One row (check_name, status, value, threshold, details).';

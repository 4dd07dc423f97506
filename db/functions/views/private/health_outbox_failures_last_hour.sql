-- Health check outbox_failures_last_hour: replies that failed or went unknown in the last hour
-- (outbound_messages_failures_idx). Warn at one, critical above
-- settings.health_max_outbox_failures_per_hour.
create or replace view wahook_private.health_outbox_failures_last_hour as
select h.* -- noqa: AM04, the row of wahook_private.health_row
from wahook_private.settings as s
cross join wahook_private.report_windows as w
cross join lateral (
    select
        pg_catalog.count(*) as replies,
        pg_catalog.count(*) filter (where o.status = 'failed') as failed
    from wahook_private.outbound_messages as o
    where o.status in ('failed', 'unknown') and o.updated_at >= w.last_hour_since and o.updated_at <= w.now
) as f
cross join lateral wahook_private.health_row(
    'outbox_failures_last_hour', f.replies, s.health_max_outbox_failures_per_hour, 0,
    case
        when f.replies = 0 then 'no reply failed or went unknown in the last hour'
        else pg_catalog.format(
            '%s reply(ies) in the last hour: %s failed, %s unknown (the send may or may not have happened)',
            f.replies, f.failed, f.replies - f.failed
        )
    end
) as h
where s.id;

comment on view wahook_private.health_outbox_failures_last_hour is
'Health check outbox_failures_last_hour: replies failed or unknown with updated_at in the last hour; warn above 0, critical above settings.health_max_outbox_failures_per_hour. One row (check_name, status, value, threshold, details).';

-- Health check dlq_pending: DLQ entries waiting for a retry (webhook_dlq_status_idx). Some are
-- normal: warn above half of settings.health_max_dlq_pending, critical above it.
create or replace view wahook_private.health_dlq_pending as
select h.* -- noqa: AM04, the row of wahook_private.health_row
from wahook_private.settings as s
cross join lateral (
    select
        pg_catalog.count(*) as pending,
        pg_catalog.min(q.next_attempt_at) filter (where q.status = 'retry_scheduled') as next_at
    from wahook_private.webhook_dlq as q
    where q.status in ('retry_scheduled', 'retrying')
) as q
cross join lateral wahook_private.health_row(
    'dlq_pending', q.pending, s.health_max_dlq_pending, s.health_max_dlq_pending / 2.0,
    case
        when q.pending = 0 then 'no DLQ entry waits for a retry'
        else pg_catalog.format(
            '%s DLQ entries wait for a retry (retry_scheduled or retrying); next retry due at %s',
            q.pending, coalesce(q.next_at::text, 'none scheduled')
        )
    end
) as h
where s.id;

comment on view wahook_private.health_dlq_pending is
'Health check dlq_pending: DLQ entries retry_scheduled or retrying; warn above half of settings.health_max_dlq_pending, critical above it. One row (check_name, status, value, threshold, details).';

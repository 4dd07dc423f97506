-- Health check ingest_lag: the age of the oldest acknowledged body not yet ingested, first in
-- webhook_inbox_waiting_idx. Warn above settings.health_max_inbox_lag_seconds, critical above
-- twice it.
create or replace view wahook_private.health_ingest_lag as
with oldest_waiting as (
    select i.received_at
    from wahook_private.webhook_inbox as i
    where i.failed_at is null
    order by i.id
    limit 1
)

select h.* -- noqa: AM04, the row of wahook_private.health_row
from wahook_private.settings as s
cross join wahook_private.report_windows as w
left join oldest_waiting as o on true
cross join lateral wahook_private.health_row(
    'ingest_lag',
    coalesce(greatest(pg_catalog.round(extract(epoch from w.now - o.received_at), 1), 0), 0),
    s.health_max_inbox_lag_seconds,
    s.health_max_inbox_lag_seconds,
    case
        when o.received_at is null then 'no acknowledged webhook body waits to be ingested'
        else pg_catalog.format(
            'the oldest acknowledged webhook body waiting to be ingested was received at %s', o.received_at
        )
    end,
    p_critical_above => s.health_max_inbox_lag_seconds * 2
) as h
where s.id;

comment on view wahook_private.health_ingest_lag is
'Health check ingest_lag: seconds since the oldest acknowledged body still waiting in the inbox was received (0 when none); warn above settings.health_max_inbox_lag_seconds, critical above twice it. One row (check_name, status, value, threshold, details).';

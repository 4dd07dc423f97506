-- Health check p95_processing_ms_last_hour: the 95th percentile of the turn time (claim to end) of
-- the turns that completed or failed in the last hour (agent_turns_finished_at_idx). Warn above
-- half of settings.health_max_p95_processing_ms, critical above it.
create or replace view wahook_private.health_p95_processing_ms_last_hour as
select h.* -- noqa: AM04, the row of wahook_private.health_row
from wahook_private.settings as s
cross join wahook_private.report_windows as w
cross join lateral (
    select pg_catalog.round(
        extract(epoch from pg_catalog.percentile_cont(0.95) within group (order by t.finished_at - t.started_at))
        * 1000,
        1
    ) as ms
    from wahook_private.agent_turns as t
    where t.status in ('completed', 'failed') and t.finished_at >= w.last_hour_since and t.finished_at <= w.now
) as p
cross join lateral wahook_private.health_row(
    'p95_processing_ms_last_hour', p.ms, s.health_max_p95_processing_ms, s.health_max_p95_processing_ms / 2.0,
    case
        when p.ms is null then 'no agent turn completed or failed in the last hour'
        else '95% of the turns of the last hour took at most this long, claim to end (ms)'
    end
) as h
where s.id;

comment on view wahook_private.health_p95_processing_ms_last_hour is
'Health check p95_processing_ms_last_hour: 95th percentile of finished_at - started_at (ms) of the turns completed or failed in the last hour, null without any; warn above half of settings.health_max_p95_processing_ms, critical above it. One row (check_name, status, value, threshold, details).';

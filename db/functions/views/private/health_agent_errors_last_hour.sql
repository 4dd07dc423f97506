-- Health check agent_errors_last_hour: agent turns that failed in the last hour, by error code
-- (agent_turns_finished_at_idx). Some are normal: warn above half of
-- settings.health_max_errors_per_hour, critical above it.
create or replace view wahook_private.health_agent_errors_last_hour as
with by_code as (
    select
        coalesce(t.error_code, 'unknown') as error_code,
        pg_catalog.count(*) as turns
    from wahook_private.agent_turns as t
    cross join wahook_private.report_windows as w
    where t.status = 'failed' and t.finished_at >= w.last_hour_since and t.finished_at <= w.now
    group by 1
),

failures as (
    select
        coalesce(pg_catalog.sum(e.turns), 0) as failed,
        pg_catalog.string_agg(
            pg_catalog.format('%s: %s', e.error_code, e.turns), ', ' order by e.turns desc, e.error_code asc
        ) as by_code
    from by_code as e
)

select h.* -- noqa: AM04, the row of wahook_private.health_row
from wahook_private.settings as s
cross join failures as f
cross join lateral wahook_private.health_row(
    'agent_errors_last_hour', f.failed, s.health_max_errors_per_hour, s.health_max_errors_per_hour / 2.0,
    case
        when f.failed = 0 then 'no agent turn failed in the last hour'
        else pg_catalog.format('%s agent turn(s) failed in the last hour, by error code: %s', f.failed, f.by_code)
    end
) as h
where s.id;

comment on view wahook_private.health_agent_errors_last_hour is
'Health check agent_errors_last_hour: agent turns failed with finished_at in the last hour, the details by error code; warn above half of settings.health_max_errors_per_hour, critical above it. One row (check_name, status, value, threshold, details).';

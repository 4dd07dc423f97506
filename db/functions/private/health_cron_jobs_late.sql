-- Health check cron_jobs_late: a wahook-* pg_cron job is late when it is inactive, or its latest
-- run started longer ago than its period (wahook_private.health_cron_period) plus
-- settings.health_max_cron_lag_seconds. A job with no run recorded is late once the recorded
-- history of the wahook-* jobs is older than that: the scheduler has been running long enough for
-- it to have run. Critical at one; a warning when no wahook-* job is scheduled; without pg_cron, or
-- when it cannot be read, as wahook_private.health_cron_check says.
create or replace function wahook_private.health_cron_jobs_late()
returns table (check_name text, status text, value numeric, threshold numeric, details text)
language sql stable set search_path = ''
as $$
    select h.*
    from wahook_private.health_cron_check(
        'cron_jobs_late',
        0,
        'the pg_cron jobs',
        $sql$
            with bounds as (
                select
                    c.now,
                    pg_catalog.make_interval(secs => s.health_max_cron_lag_seconds) as lag
                from wahook_private.clock as c
                cross join wahook_private.settings as s
                where s.id
            ),

            jobs as (
                select
                    j.jobname,
                    j.active,
                    wahook_private.health_cron_period(j.schedule) as period,
                    (
                        select pg_catalog.max(d.start_time) from cron.job_run_details as d
                        where d.jobid = j.jobid and d.start_time <= b.now
                    ) as last_start
                from cron.job as j
                cross join bounds as b
                where j.jobname like 'wahook-%'
            ),

            history as (
                select pg_catalog.min(d.start_time) as since
                from cron.job_run_details as d
                inner join cron.job as j on d.jobid = j.jobid
                cross join bounds as b
                where j.jobname like 'wahook-%' and d.start_time <= b.now
            ),

            judged as (
                select
                    jobs.jobname,
                    jobs.active,
                    jobs.last_start,
                    (
                        not jobs.active
                        or coalesce(coalesce(jobs.last_start, history.since) < b.now - jobs.period - b.lag, false)
                    ) as late
                from jobs
                cross join history
                cross join bounds as b
            ),

            counted as (
                select
                    pg_catalog.count(*) as jobs,
                    pg_catalog.count(*) filter (where judged.late) as late,
                    pg_catalog.string_agg(
                        pg_catalog.format(
                            '%s (%s)', judged.jobname,
                            case
                                when not judged.active then 'inactive'
                                when judged.last_start is null then 'never ran'
                                else 'last started ' || judged.last_start::text
                            end
                        ),
                        '; ' order by judged.jobname
                    ) filter (where judged.late) as late_jobs
                from judged
            )

            select
                case when n.jobs = 0 then 'warn' else wahook_private.health_status(n.late, $1, 0) end,
                n.late,
                case
                    when n.jobs = 0 then
                        'pg_cron is installed but no wahook-* job is scheduled: run '
                        || 'wahook_private.schedule_maintenance() (it runs on every wahook db push), or maintenance '
                        || 'does not run'
                    else coalesce(
                        'late or inactive wahook-* jobs: ' || n.late_jobs,
                        pg_catalog.format('%s wahook-* job(s) scheduled, none late', n.jobs)
                    )
                end
            from counted as n
        $sql$
    ) as h
$$;

comment on function wahook_private.health_cron_jobs_late() is
'Health check cron_jobs_late: wahook-* pg_cron jobs inactive, or whose latest run (or, never run, the recorded history) started longer ago than their period (health_cron_period) plus settings.health_max_cron_lag_seconds; critical above 0, warn when no wahook-* job is scheduled or the jobs cannot be read; ok with details pg_cron absent without the extension. One row (check_name, status, value, threshold, details).';

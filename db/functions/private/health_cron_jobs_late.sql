-- Health check cron_jobs_late: a wahook-* pg_cron job is late when it is inactive, or its latest
-- run started longer ago than its period (wahook_private.health_cron_period) plus
-- settings.health_max_cron_lag_seconds. A job with no run recorded is late once the recorded
-- history of the wahook-* jobs is older than that: the scheduler has been running long enough for
-- it to have run. Critical at one; a warning when no wahook-* job is scheduled; ok with details
-- 'pg_cron absent' without the extension. pg_cron is read with dynamic SQL, only where the
-- extension exists, so this compiles without it.
create or replace function wahook_private.health_cron_jobs_late()
returns table (check_name text, status text, value numeric, threshold numeric, details text)
language plpgsql
stable
set search_path = ''
as $$
declare
    v_now timestamptz := wahook_private.clock_now();
    v_lag interval;
    v_jobs bigint;
    v_text text;
begin
    check_name := 'cron_jobs_late';
    threshold := 0;
    if not exists (select from pg_catalog.pg_extension as x where x.extname = 'pg_cron') then
        value := null;
        status := 'ok';
        details := 'pg_cron absent';
        return next;
        return;
    end if;

    select pg_catalog.make_interval(secs => s.health_max_cron_lag_seconds)
    into strict v_lag
    from wahook_private.settings as s
    where s.id;

    begin
        execute $sql$
            with jobs as (
                select
                    j.jobname,
                    j.active,
                    wahook_private.health_cron_period(j.schedule) as period,
                    (
                        select pg_catalog.max(d.start_time) from cron.job_run_details as d
                        where d.jobid = j.jobid and d.start_time <= $1
                    ) as last_start
                from cron.job as j
                where j.jobname like 'wahook-%'
            ),

            history as (
                select pg_catalog.min(d.start_time) as since
                from cron.job_run_details as d
                inner join cron.job as j on d.jobid = j.jobid
                where j.jobname like 'wahook-%' and d.start_time <= $1
            ),

            judged as (
                select
                    jobs.jobname,
                    jobs.active,
                    jobs.last_start,
                    (
                        not jobs.active
                        or coalesce(coalesce(jobs.last_start, history.since) < $1 - jobs.period - $2, false)
                    ) as late
                from jobs
                cross join history
            )

            select
                pg_catalog.count(*),
                pg_catalog.count(*) filter (where judged.late),
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
                ) filter (where judged.late)
            from judged
        $sql$
        into v_jobs, value, v_text
        using v_now, v_lag;
        if v_jobs = 0 then
            status := 'warn';
            details := 'pg_cron is installed but no wahook-* job is scheduled: run wahook_private.schedule_maintenance() '
                || '(it runs on every wahook db push), or maintenance does not run';
        else
            status := wahook_private.health_status(value, threshold, 0);
            details := coalesce(
                'late or inactive wahook-* jobs: ' || v_text,
                pg_catalog.format('%s wahook-* job(s) scheduled, none late', v_jobs)
            );
        end if;
    exception
        when insufficient_privilege or undefined_table or undefined_column then
            value := null;
            status := 'warn';
            details := 'cannot read the pg_cron jobs: ' || sqlerrm;
    end;
    return next;
end
$$;

comment on function wahook_private.health_cron_jobs_late() is
'Health check cron_jobs_late: wahook-* pg_cron jobs inactive, or whose latest run (or, never run, the recorded history) started longer ago than their period (health_cron_period) plus settings.health_max_cron_lag_seconds; critical above 0, warn when no wahook-* job is scheduled or the jobs cannot be read; ok with details pg_cron absent without the extension. One row (check_name, status, value, threshold, details).';

revoke all on function wahook_private.health_cron_jobs_late() from public;

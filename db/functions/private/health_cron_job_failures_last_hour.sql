-- Health check cron_job_failures_last_hour: failed runs of the wahook-* pg_cron jobs in the last
-- hour. Warn at one, critical above settings.health_max_cron_failures_per_hour; without pg_cron, or
-- when it cannot be read, as wahook_private.health_cron_check says.
create or replace function wahook_private.health_cron_job_failures_last_hour()
returns table (check_name text, status text, value numeric, threshold numeric, details text)
language sql stable set search_path = ''
as $$
    select h.*
    from wahook_private.settings as s
    cross join lateral wahook_private.health_cron_check(
        'cron_job_failures_last_hour',
        s.health_max_cron_failures_per_hour,
        'the pg_cron run history',
        $sql$
            select
                wahook_private.health_status(f.failures, $1, 0),
                f.failures,
                coalesce(
                    'failed runs of wahook-* jobs in the last hour: ' || f.by_job,
                    'no run of a wahook-* job failed in the last hour'
                )
            from (
                select
                    coalesce(pg_catalog.sum(j.failures), 0) as failures,
                    pg_catalog.string_agg(
                        pg_catalog.format('%s: %s (last: %s)', j.jobname, j.failures, j.last_message),
                        '; ' order by j.jobname
                    ) as by_job
                from (
                    select
                        j.jobname,
                        pg_catalog.count(*) as failures,
                        pg_catalog.left(
                            (pg_catalog.array_agg(d.return_message order by d.start_time desc))[1], 200
                        ) as last_message
                    from cron.job_run_details as d
                    inner join cron.job as j on d.jobid = j.jobid
                    cross join wahook_private.report_windows as w
                    where j.jobname like 'wahook-%'
                        and d.status = 'failed'
                        and d.start_time >= w.last_hour_since and d.start_time <= w.now
                    group by j.jobname
                ) as j
            ) as f
        $sql$
    ) as h
    where s.id
$$;

comment on function wahook_private.health_cron_job_failures_last_hour() is
'Health check cron_job_failures_last_hour: failed runs of wahook-* pg_cron jobs started in the last hour; warn above 0, critical above settings.health_max_cron_failures_per_hour; ok with details pg_cron absent without the extension, warn when the run history cannot be read. One row (check_name, status, value, threshold, details).';

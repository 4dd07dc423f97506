-- Health check cron_job_failures_last_hour: failed runs of the wahook-* pg_cron jobs in the last
-- hour. Warn at one, critical above settings.health_max_cron_failures_per_hour; ok with details
-- 'pg_cron absent' without the extension. pg_cron is read with dynamic SQL, only where the
-- extension exists, so this compiles without it; a login that may not read it gets a warning.
create or replace function wahook_private.health_cron_job_failures_last_hour()
returns table (check_name text, status text, value numeric, threshold numeric, details text)
language plpgsql
stable
set search_path = ''
as $$
declare
    v_window wahook_private.report_windows;
    v_text text;
begin
    check_name := 'cron_job_failures_last_hour';
    select s.health_max_cron_failures_per_hour into strict threshold from wahook_private.settings as s where s.id;
    if not exists (select from pg_catalog.pg_extension as x where x.extname = 'pg_cron') then
        value := null;
        status := 'ok';
        details := 'pg_cron absent';
        return next;
        return;
    end if;

    select * into strict v_window from wahook_private.report_windows;
    begin
        execute $sql$
            select
                coalesce(pg_catalog.sum(f.failures), 0),
                pg_catalog.string_agg(
                    pg_catalog.format('%s: %s (last: %s)', f.jobname, f.failures, f.last_message),
                    '; ' order by f.jobname
                )
            from (
                select
                    j.jobname,
                    pg_catalog.count(*) as failures,
                    pg_catalog.left(
                        (pg_catalog.array_agg(d.return_message order by d.start_time desc))[1], 200
                    ) as last_message
                from cron.job_run_details as d
                inner join cron.job as j on d.jobid = j.jobid
                where j.jobname like 'wahook-%'
                    and d.status = 'failed'
                    and d.start_time >= $1 and d.start_time <= $2
                group by j.jobname
            ) as f
        $sql$
        into value, v_text
        using v_window.last_hour_since, v_window.now;
        status := wahook_private.health_status(value, threshold, 0);
        details := coalesce(
            'failed runs of wahook-* jobs in the last hour: ' || v_text,
            'no run of a wahook-* job failed in the last hour'
        );
    exception
        when insufficient_privilege or undefined_table or undefined_column then
            value := null;
            status := 'warn';
            details := 'cannot read the pg_cron run history: ' || sqlerrm;
    end;
    return next;
end
$$;

comment on function wahook_private.health_cron_job_failures_last_hour() is
'Health check cron_job_failures_last_hour: failed runs of wahook-* pg_cron jobs started in the last hour; warn above 0, critical above settings.health_max_cron_failures_per_hour; ok with details pg_cron absent without the extension, warn when the run history cannot be read. One row (check_name, status, value, threshold, details).';

revoke all on function wahook_private.health_cron_job_failures_last_hour() from public;

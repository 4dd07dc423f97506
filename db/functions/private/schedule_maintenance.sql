-- Schedules the maintenance jobs with pg_cron, idempotently (a job name is scheduled once and
-- updated in place). pg_cron can live in one database of a cluster only (cron.database_name): in
-- any other database the jobs are skipped with a notice, and the sidecar runs the same functions.
-- cron.database_name can be read only with the privileges of pg_read_all_settings (superusers
-- have them): a login without them (Supabase's postgres) does not create pg_cron, and schedules
-- the jobs once someone who may has created it.
create or replace function wahook_private.schedule_maintenance()
returns text
language plpgsql set search_path = ''
as $$
declare
    v_job record;
    v_note text;
    v_available boolean;
    v_cron_database text;
begin
    if not exists (select from pg_catalog.pg_extension where extname = 'pg_cron') then
        v_available := exists (select from pg_catalog.pg_available_extensions where name = 'pg_cron');
        if v_available and pg_catalog.pg_has_role('pg_read_all_settings', 'usage') then
            v_cron_database := pg_catalog.current_setting('cron.database_name', true);
        end if;
        if v_cron_database = pg_catalog.current_database() then
            create extension pg_cron with schema pg_catalog;
        else
            v_note := pg_catalog.format(
                'pg_cron is not available in database %s: maintenance jobs not scheduled; '
                'the sidecar runs them on a timer (or call wahook.run_maintenance() every minute)%s',
                pg_catalog.current_database(),
                case when v_available and v_cron_database is null then
                    '; where pg_cron can run in this database, have it created '
                    '(create extension pg_cron with schema pg_catalog) and push again'
                end
            );
            raise notice '%', v_note;
            return v_note;
        end if;
    end if;

    for v_job in select j.job_name, j.schedule, j.command from wahook_private.maintenance_jobs() as j loop
        -- Dynamic, so that this function compiles where pg_cron is absent.
        execute 'select cron.schedule($1, $2, $3)' using v_job.job_name, v_job.schedule, v_job.command;
    end loop;
    return 'pg_cron: scheduled ' || (
        select pg_catalog.string_agg(j.job_name, ', ' order by j.n)
        from wahook_private.maintenance_jobs() with ordinality as j (job_name, schedule, command, n)
    );
end
$$;

comment on function wahook_private.schedule_maintenance() is
'Schedules the pg_cron jobs of wahook_private.maintenance_jobs(): wahook-cleanup-stuck (every 5 minutes), wahook-retry-dlq (every minute) and wahook-purge-expired (daily), creating the pg_cron extension where this database is cron.database_name and the login may read that setting. Idempotent. Returns what it did; where pg_cron cannot run here, says so and schedules nothing.';

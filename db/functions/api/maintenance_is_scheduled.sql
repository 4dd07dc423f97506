-- Whether pg_cron runs the maintenance jobs here, so that the sidecar runs run_maintenance() on a
-- timer only where it does not. Security definer: a service login may not look into schema cron,
-- and cron.job shows a login only its own jobs; the owner pushed them. Where even the owner may
-- not read cron.job, the push that could create pg_cron also scheduled the jobs: true, and should
-- the timer run as well it is harmless (run_maintenance's advisory lock lets one pass run at a
-- time). pg_cron is read with dynamic SQL, so this compiles without it.
create or replace function wahook.maintenance_is_scheduled()
returns boolean
language plpgsql stable security definer set search_path = ''
as $$
declare
    v_missing bigint;
begin
    if not exists (select from pg_catalog.pg_extension as x where x.extname = 'pg_cron') then
        return false;
    end if;
    execute $sql$
        select pg_catalog.count(*)
        from wahook_private.maintenance_jobs() as m
        where not exists (select from cron.job as j where j.jobname = m.job_name and j.active)
    $sql$
    into v_missing;
    return v_missing = 0;
exception
    when insufficient_privilege then
        return true;
end
$$;

comment on function wahook.maintenance_is_scheduled() is
'True when pg_cron runs the maintenance jobs in this database: the extension exists and every job of wahook_private.maintenance_jobs() (wahook-cleanup-stuck, wahook-retry-dlq, wahook-purge-expired) is scheduled and active (also true when pg_cron exists but its jobs cannot be read: the push scheduled them). False otherwise: then the sidecar runs wahook.run_maintenance() on a timer. Raises nothing of its own.';

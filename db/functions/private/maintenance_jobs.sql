-- The pg_cron jobs of wahook, the one list: schedule_maintenance schedules them and
-- wahook.maintenance_is_scheduled looks for them. Each runs exactly one function call.
create or replace function wahook_private.maintenance_jobs()
returns table (job_name text, schedule text, command text)
language sql immutable set search_path = ''
as $$
    select j.job_name, j.schedule, j.command
    from (values
        (1, 'wahook-cleanup-stuck', '*/5 * * * *', 'select wahook.cleanup_stuck_conversations()'),
        (2, 'wahook-retry-dlq', '* * * * *', 'select wahook.retry_due_dlq()'),
        (3, 'wahook-purge-expired', '17 3 * * *', 'select wahook.purge_expired()')
    ) as j (n, job_name, schedule, command)
    order by j.n
$$;

comment on function wahook_private.maintenance_jobs() is
'The maintenance jobs pg_cron runs, in order: wahook-cleanup-stuck (every 5 minutes, cleanup_stuck_conversations), wahook-retry-dlq (every minute, retry_due_dlq), wahook-purge-expired (daily at 03:17, purge_expired). Rows (job_name, schedule, command).';

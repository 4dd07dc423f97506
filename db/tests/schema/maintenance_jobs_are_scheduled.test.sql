begin;
select plan(2);

select set_eq(
    $$select jobname::text, schedule::text, command::text from cron.job where jobname like 'wahook-%'$$,
    $$values
        ('wahook-cleanup-stuck', '*/5 * * * *', 'select wahook.cleanup_stuck_conversations()'),
        ('wahook-retry-dlq', '* * * * *', 'select wahook.retry_due_dlq()'),
        ('wahook-purge-expired', '17 3 * * *', 'select wahook.purge_expired()')$$,
    'push scheduled the three maintenance jobs, one function call each'
);

select wahook_private.schedule_maintenance();
select is(
    (select count(*)::int from cron.job where jobname like 'wahook-%'), 3,
    'scheduling again adds no job'
);

select * from finish();
rollback;

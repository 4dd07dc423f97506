begin;
select plan(2);

-- wahook-purge-expired (daily) has no run recorded.
select set_config('wahook.now', '2030-06-01 12:00:00+00', true);
select tests.health_cron_runs_of_every_wahook_job('2030-06-01 11:00:00+00');
select tests.health_cron_run('wahook-retry-dlq', 'succeeded', '2030-06-01 11:59:00+00');
select tests.health_cron_run('wahook-cleanup-stuck', 'succeeded', '2030-06-01 11:59:00+00');
delete from cron.job_run_details
where jobid = (select j.jobid from cron.job as j where j.jobname = 'wahook-purge-expired');

select is(
    (select h.status from wahook.check_webhook_system_health() as h where h.check_name = 'cron_jobs_late'),
    'ok', 'the history goes back 1 hour only: a daily job may not have run yet'
);

select tests.health_cron_run('wahook-retry-dlq', 'succeeded', '2030-05-30 12:00:00+00');
select ok(
    (select h.details from wahook.check_webhook_system_health() as h where h.check_name = 'cron_jobs_late')
    like '%wahook-purge-expired (never ran)%',
    'the history goes back 2 days: a daily job that never ran is late'
);

select * from finish();
rollback;

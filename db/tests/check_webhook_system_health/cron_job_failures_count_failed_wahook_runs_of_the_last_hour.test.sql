begin;
select plan(4);

select set_config('wahook.now', '2030-06-01 12:00:00+00', true);
select tests.health_cron_runs_of_every_wahook_job('2030-06-01 11:59:00+00');
select cron.schedule('someone-else', '* * * * *', 'select 1');
select tests.health_cron_run('someone-else', 'failed', '2030-06-01 11:50:00+00');
select tests.health_cron_run('wahook-retry-dlq', 'failed', '2030-06-01 10:50:00+00');

select results_eq(
    $$select h.status, h.value from wahook.check_webhook_system_health() as h where h.check_name = 'cron_job_failures_last_hour'$$,
    $$values ('ok'::text, 0::numeric)$$,
    'failures of other jobs, or older than an hour, do not count'
);

select tests.health_cron_run('wahook-retry-dlq', 'failed', '2030-06-01 11:50:00+00', 'ERROR: function wahook.retry_due_dlq() does not exist');
select results_eq(
    $$select h.status, h.value, h.details from wahook.check_webhook_system_health() as h
      where h.check_name = 'cron_job_failures_last_hour'$$,
    $$values ('warn'::text, 1::numeric,
        'failed runs of wahook-* jobs in the last hour: wahook-retry-dlq: 1 (last: ERROR: function wahook.retry_due_dlq() does not exist)'::text)$$,
    'one failed run is a warning, named with its error'
);

select tests.health_cron_run('wahook-retry-dlq', 'failed', ('2030-06-01 11:5' || i || ':00+00')::timestamptz) from generate_series(1, 3) as i;
select is(
    (select h.status from wahook.check_webhook_system_health() as h where h.check_name = 'cron_job_failures_last_hour'),
    'critical', '4 failed runs in the hour, above the default 3: critical'
);

select wahook.update_settings('{"health_max_cron_failures_per_hour": 10}');
select is(
    (select h.status from wahook.check_webhook_system_health() as h where h.check_name = 'cron_job_failures_last_hour'),
    'warn', 'the threshold is a setting'
);

select * from finish();
rollback;

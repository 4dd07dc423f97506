begin;
select plan(4);

-- Periods: wahook-retry-dlq 1 minute, wahook-cleanup-stuck 5 minutes, wahook-purge-expired 1 day;
-- health_max_cron_lag_seconds is 300.
select set_config('wahook.now', '2030-06-01 12:00:00+00', true);
select tests.health_cron_runs_of_every_wahook_job('2030-06-01 11:59:00+00');

select results_eq(
    $$select h.status, h.value, h.details from wahook.check_webhook_system_health() as h where h.check_name = 'cron_jobs_late'$$,
    $$values ('ok'::text, 0::numeric, '3 wahook-* job(s) scheduled, none late'::text)$$,
    'every job ran within its period: none late'
);

select tests.health_cron_runs_of_every_wahook_job('2030-06-01 11:53:30+00');
select results_eq(
    $$select h.status, h.value, h.details from wahook.check_webhook_system_health() as h where h.check_name = 'cron_jobs_late'$$,
    $$values ('critical'::text, 1::numeric,
        'late or inactive wahook-* jobs: wahook-retry-dlq (last started 2030-06-01 11:53:30+00)'::text)$$,
    'a minutely job silent for 6.5 minutes (1 minute + 5 minutes of lag) is late; the others are not yet'
);

select wahook.update_settings('{"health_max_cron_lag_seconds": 600}');
select is(
    (select h.status from wahook.check_webhook_system_health() as h where h.check_name = 'cron_jobs_late'),
    'ok', 'the lag is a setting: with 10 minutes, it is not late'
);

select tests.health_cron_runs_of_every_wahook_job('2030-06-01 11:59:00+00');
update cron.job set active = false where jobname = 'wahook-purge-expired';
select ok(
    (select h.details from wahook.check_webhook_system_health() as h where h.check_name = 'cron_jobs_late')
    like '%wahook-purge-expired (inactive)%',
    'an inactive job is late'
);

select * from finish();
rollback;

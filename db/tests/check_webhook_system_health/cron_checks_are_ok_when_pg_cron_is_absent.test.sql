begin;
select plan(1);

-- DDL is transactional: pg_cron comes back with the rollback.
drop extension if exists pg_cron cascade;

select results_eq(
    $$select h.check_name, h.status, h.details from wahook.check_webhook_system_health() as h
      where h.check_name like 'cron%'$$,
    $$values ('cron_job_failures_last_hour'::text, 'ok'::text, 'pg_cron absent'::text),
        ('cron_jobs_late', 'ok', 'pg_cron absent')$$,
    'without pg_cron, the cron checks are ok and say pg_cron absent'
);

select * from finish();
rollback;

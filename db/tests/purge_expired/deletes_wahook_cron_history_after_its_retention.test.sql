begin;
select plan(2);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
update wahook_private.settings set cron_history_retention_days = 7;

select cron.schedule('someone-elses-job', '0 0 * * *', 'select 1');
insert into cron.job_run_details (jobid, command, status, start_time, end_time)
select
    j.jobid,
    j.command,
    'succeeded' as status,
    t.end_time - interval '1 second' as start_time,
    t.end_time
from cron.job as j
cross join (values ('2026-05-25 11:00:00+00'::timestamptz), ('2026-05-25 13:00:00+00')) as t (end_time)
where j.jobname in ('wahook-purge-expired', 'someone-elses-job');

select is(wahook.purge_expired() -> 'cron_runs_deleted', '1'::jsonb, 'one wahook job run ended over 7 days ago');
select set_eq(
    -- Only the runs made here: pg_cron really runs the wahook jobs in this database meanwhile.
    $$select j.jobname::text, d.end_time from cron.job_run_details as d join cron.job as j using (jobid)
      where d.end_time < '2026-06-01'$$,
    $$values
        ('wahook-purge-expired', '2026-05-25 13:00:00+00'::timestamptz),
        ('someone-elses-job', '2026-05-25 11:00:00+00'),
        ('someone-elses-job', '2026-05-25 13:00:00+00')$$,
    'younger runs, and the runs of jobs that are not wahook''s, are kept'
);

select * from finish();
rollback;

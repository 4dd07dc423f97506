begin;
select plan(5);

-- The test database has pg_cron, and the push scheduled the jobs.
select is(wahook.maintenance_is_scheduled(), true, 'true once the push scheduled every job');

set local role wahook_service;
select is(wahook.maintenance_is_scheduled(), true, 'wahook_service may ask, without reading schema cron');
reset role;

update cron.job set active = false where jobname = 'wahook-retry-dlq';
select is(wahook.maintenance_is_scheduled(), false, 'false when a job is inactive');

update cron.job set active = true where jobname = 'wahook-retry-dlq';
delete from cron.job where jobname = 'wahook-purge-expired';
select is(wahook.maintenance_is_scheduled(), false, 'false when a job is missing');

select function_privs_are(
    'wahook', 'maintenance_is_scheduled', array[]::text [], 'wahook_reader', array[]::text [],
    'the reader may not call it'
);

select * from finish();
rollback;

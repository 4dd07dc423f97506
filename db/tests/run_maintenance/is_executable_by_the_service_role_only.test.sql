begin;
select plan(2);

select function_privs_are(
    'wahook', 'run_maintenance', array[]::name [], 'wahook_service', array['EXECUTE'],
    'wahook_service may run maintenance'
);
select function_privs_are(
    'wahook', 'run_maintenance', array[]::name [], 'wahook_reader', array[]::text [],
    'wahook_reader may not'
);

select * from finish();
rollback;

begin;
select plan(3);

select function_privs_are(
    'wahook', 'applied_schema_files', array[]::name [], 'wahook_service', array['EXECUTE'],
    'wahook_service may list the applied schema files'
);
select function_privs_are(
    'wahook', 'applied_schema_files', array[]::name [], 'wahook_reader', array[]::text [],
    'wahook_reader may not'
);
select results_eq(
    'select name, checksum from wahook.applied_schema_files()',
    'select name, checksum from wahook_private.schema_migrations order by name',
    'every applied file with its checksum, by name'
);

select * from finish();
rollback;

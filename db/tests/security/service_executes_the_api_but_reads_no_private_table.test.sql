begin;
select plan(6);

select is(
    array(
        select p.oid::regprocedure::text from pg_proc as p
        where p.pronamespace = 'wahook'::regnamespace
            and not has_function_privilege('wahook_service', p.oid, 'execute')
        order by 1
    ),
    array[]::text [],
    'wahook_service may execute every function of schema wahook'
);
select is(
    array(
        select c.oid::regclass::text from pg_class as c
        where c.relnamespace = 'wahook_private'::regnamespace
            and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
            and (
                has_table_privilege('wahook_service', c.oid, 'select, insert, update, delete, truncate, references, trigger')
                or (c.relkind = 'S' and has_sequence_privilege('wahook_service', c.oid, 'usage, select, update'))
            )
        order by 1
    ),
    array[]::text [],
    'wahook_service holds no privilege on any table or sequence of wahook_private'
);
select is(
    array(
        select p.oid::regprocedure::text from pg_proc as p
        where p.pronamespace = 'wahook_private'::regnamespace
            and has_function_privilege('wahook_service', p.oid, 'execute')
        order by 1
    ),
    array[]::text [],
    'wahook_service may execute no private helper directly'
);
select ok(
    not has_schema_privilege('wahook_service', 'wahook_private', 'usage'),
    'wahook_service has no usage on wahook_private'
);

set local role wahook_service;
select lives_ok($$select wahook.update_settings('{}')$$, 'as wahook_service, an API function runs');
select throws_ok(
    'select * from wahook_private.settings', '42501', null,
    'as wahook_service, a private table does not read'
);
reset role;

select * from finish();
rollback;

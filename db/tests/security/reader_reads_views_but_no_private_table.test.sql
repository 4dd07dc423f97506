begin;
select plan(7);

select is(
    array(
        select c.oid::regclass::text from pg_class as c
        where c.relnamespace = 'wahook'::regnamespace and c.relkind in ('v', 'm')
            and not has_table_privilege('wahook_reader', c.oid, 'select')
        order by 1
    ),
    array[]::text [],
    'wahook_reader may select every view of schema wahook'
);
select is(
    array(
        select c.oid::regclass::text from pg_class as c
        where c.relnamespace in ('wahook'::regnamespace, 'wahook_private'::regnamespace)
            and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
            and has_table_privilege('wahook_reader', c.oid, 'insert, update, delete, truncate, references, trigger')
        order by 1
    ),
    array[]::text [],
    'wahook_reader may change nothing'
);
select is(
    array(
        select p.pronamespace::regnamespace::text || '.' || p.proname from pg_proc as p
        where p.pronamespace in ('wahook'::regnamespace, 'wahook_private'::regnamespace)
            and has_function_privilege('wahook_reader', p.oid, 'execute')
        order by 1
    ),
    array['wahook.check_webhook_system_health', 'wahook.get_webhook_performance_stats'],
    'wahook_reader may execute the two health functions and nothing else'
);
select ok(
    not has_schema_privilege('wahook_reader', 'wahook_private', 'usage'),
    'wahook_reader has no usage on wahook_private'
);

set local role wahook_reader;
select lives_ok('select * from wahook.settings', 'as wahook_reader, wahook.settings reads');
select lives_ok('select * from wahook.error_codes', 'as wahook_reader, wahook.error_codes reads');
select throws_ok(
    'select * from wahook_private.settings', '42501', null,
    'as wahook_reader, a private table does not'
);
reset role;

select * from finish();
rollback;

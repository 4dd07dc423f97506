begin;
select plan(3);

select is(
    array(
        select p.oid::regprocedure::text from pg_proc as p
        where p.pronamespace = 'wahook'::regnamespace and obj_description(p.oid, 'pg_proc') is null
        order by 1
    ),
    array[]::text [],
    'every function of schema wahook has a comment'
);
select is(
    array(
        select c.oid::regclass::text from pg_class as c
        where c.relnamespace = 'wahook'::regnamespace and c.relkind in ('v', 'm')
            and obj_description(c.oid, 'pg_class') is null
        order by 1
    ),
    array[]::text [],
    'every view of schema wahook has a comment'
);
select is(
    array(
        select p.oid::regprocedure::text from pg_proc as p
        where p.pronamespace = 'wahook_private'::regnamespace and obj_description(p.oid, 'pg_proc') is null
        order by 1
    ),
    array[]::text [],
    'every helper function of wahook_private has a comment'
);

select * from finish();
rollback;

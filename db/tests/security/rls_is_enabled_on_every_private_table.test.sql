begin;
select plan(1);

select is(
    array(
        select c.relname::text from pg_class as c
        where c.relnamespace = 'wahook_private'::regnamespace and c.relkind in ('r', 'p') and not c.relrowsecurity
        order by 1
    ),
    array[]::text [],
    'every table of wahook_private has row level security enabled'
);

select * from finish();
rollback;

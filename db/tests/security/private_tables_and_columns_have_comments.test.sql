begin;
select plan(2);

select is(
    array(
        select c.relname::text from pg_class as c
        where c.relnamespace = 'wahook_private'::regnamespace and c.relkind in ('r', 'p')
            and obj_description(c.oid, 'pg_class') is null
        order by 1
    ),
    array[]::text [],
    'every table of wahook_private has a comment'
);
select is(
    array(
        select format('%s.%s', c.relname, a.attname)
        from pg_class as c
        inner join pg_attribute as a on c.oid = a.attrelid and a.attnum > 0 and not a.attisdropped
        where c.relnamespace = 'wahook_private'::regnamespace and c.relkind in ('r', 'p')
            and col_description(c.oid, a.attnum) is null
        order by 1
    ),
    array[]::text [],
    'every column of every wahook_private table has a comment'
);

select * from finish();
rollback;

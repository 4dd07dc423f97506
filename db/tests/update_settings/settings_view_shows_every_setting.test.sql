begin;
select plan(2);

select columns_are(
    'wahook', 'settings',
    array(
        select attname::text from pg_attribute
        where attrelid = 'wahook_private.settings'::regclass and attnum > 0 and not attisdropped and attname <> 'id'
    ),
    'wahook.settings shows every column of wahook_private.settings but id'
);
select is(
    (select count(*)::int from wahook.settings), 1,
    'wahook.settings is one row'
);

select * from finish();
rollback;

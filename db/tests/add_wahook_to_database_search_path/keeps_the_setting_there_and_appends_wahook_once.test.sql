begin;
select plan(4);

create function pg_temp.database_search_path() returns text language sql as $$
    select c.setting from pg_db_role_setting as s, unnest(s.setconfig) as c (setting)
    where s.setdatabase = (select d.oid from pg_database as d where d.datname = current_database())
        and s.setrole = 0 and c.setting like 'search_path=%'
$$;

-- ALTER DATABASE is transactional: the rollback below restores the test database's setting.
do $$ begin
    execute format('alter database %I reset search_path', current_database());
end $$;
select wahook_private.add_wahook_to_database_search_path();
select is(pg_temp.database_search_path(), 'search_path="$user", public, wahook', 'none set: the default, then wahook');

do $$ begin
    execute format('alter database %I set search_path = "$user", public, extensions', current_database());
end $$;
select wahook_private.add_wahook_to_database_search_path();
select is(
    pg_temp.database_search_path(), 'search_path="$user", public, extensions, wahook',
    'one set (as on Supabase): kept, wahook appended'
);
select wahook_private.add_wahook_to_database_search_path();
select is(
    pg_temp.database_search_path(), 'search_path="$user", public, extensions, wahook',
    'a second call changes nothing'
);

do $$ begin
    execute format('alter database %I set search_path = %L', current_database(), '');
end $$;
select wahook_private.add_wahook_to_database_search_path();
select is(pg_temp.database_search_path(), 'search_path=wahook', 'an empty path becomes wahook');

select * from finish();
rollback;

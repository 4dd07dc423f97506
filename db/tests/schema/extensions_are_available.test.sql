begin;
select plan(4);

select has_extension('pg_cron', 'pg_cron is installed in the test database');
select has_extension('pgtap', 'pgTAP is installed in the test database');
select is(
    current_setting('cron.database_name'), current_database()::text,
    'the test database is pg_cron''s database'
);
select ok(
    'pg_cron' = any(string_to_array(replace(current_setting('shared_preload_libraries'), ' ', ''), ',')),
    'pg_cron is preloaded'
);

select * from finish();
rollback;

-- Empties the test database (it is pg_cron's database, so it is reset rather than recreated).
set client_min_messages = warning;
drop extension if exists pg_cron cascade;
drop extension if exists pgtap cascade;
drop extension if exists plpgsql_check cascade;
drop schema if exists tests cascade;
drop schema if exists wahook cascade;
drop schema if exists wahook_private cascade;

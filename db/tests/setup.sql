-- Test-only objects, loaded after `wahook db push`: pgTAP, plpgsql_check, and the fixtures in
-- schema `tests` (db/tests/fixtures/*.sql) that only test databases have.
set client_min_messages = warning;
create extension if not exists pgtap;
create extension if not exists plpgsql_check;
create schema if not exists tests;

-- Tests drive the engine's clock with the session setting wahook.now; it is honoured only where
-- the owner turned the test clock on (off in production, see db/schema/0003_settings.sql).
update wahook_private.settings set test_clock_enabled = true;

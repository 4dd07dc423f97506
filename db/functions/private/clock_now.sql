-- The engine's clock: now(), unless a session sets wahook.now (tests drive time this way instead
-- of sleeping) AND the owner enabled the test clock (settings.test_clock_enabled, off in
-- production: a service login must not move time, see db/schema/0016_test_clock.sql).
-- Called everywhere, so the usual path is cheap: when wahook.now is unset, CASE never reaches the
-- subquery (evaluated lazily) and no table is read.
create or replace function wahook_private.clock_now()
returns timestamptz
language sql
stable
set search_path = ''
as $$
    select case
        when nullif(pg_catalog.current_setting('wahook.now', true), '') is null then pg_catalog.now()
        else coalesce(
            (
                select pg_catalog.current_setting('wahook.now')::timestamptz
                from wahook_private.settings as s
                where s.test_clock_enabled
            ),
            pg_catalog.now()
        )
    end
$$;

comment on function wahook_private.clock_now() is
'Current time of the engine: now(), or the session setting wahook.now when a test sets it and settings.test_clock_enabled is true (test databases only; ignored in production).';

revoke all on function wahook_private.clock_now() from public;

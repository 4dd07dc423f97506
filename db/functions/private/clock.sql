-- The engine's clock, the one definition: now(), unless a session sets wahook.now (tests drive
-- time this way instead of sleeping) AND the owner enabled the test clock
-- (settings.test_clock_enabled, off in production: a service login must not move time, see
-- db/schema/0003_settings.sql). Functions read it through wahook_private.clock_now().
-- A view, not only a function, because the views of wahook read it too: a view reads the relations
-- it names with its owner's privileges, but runs the functions it calls with the privileges of the
-- reader, who may execute nothing in wahook_private (db/tests/security/
-- reader_reads_views_but_no_private_table.test.sql). Built from pg_catalog functions only.
-- Cheap on the usual path: when wahook.now is unset, CASE never reaches the subquery (evaluated
-- lazily) and no table is read.
create or replace view wahook_private.clock as
select
    case
        when nullif(current_setting('wahook.now', true), '') is null then now()
        else coalesce(
            (
                select current_setting('wahook.now')::timestamptz
                from wahook_private.settings as s
                where s.test_clock_enabled
            ),
            now()
        )
    end as now;

comment on view wahook_private.clock is
'One row: now, the current time of the engine: now(), or the session setting wahook.now when a test sets it and settings.test_clock_enabled is true (test databases only; ignored in production). Functions read it through wahook_private.clock_now(), views by a cross join.';
comment on column wahook_private.clock.now is 'The current time of the engine.';

-- The engine's clock: now(), unless a session sets wahook.now (tests drive time this way instead
-- of sleeping). Production never sets it.
create or replace function wahook_private.clock_now()
returns timestamptz
language sql
stable
set search_path = ''
as $$
    select coalesce(
        nullif(pg_catalog.current_setting('wahook.now', true), '')::timestamptz,
        pg_catalog.now()
    )
$$;

comment on function wahook_private.clock_now() is
'Current time of the engine: now(), or the session setting wahook.now when a test sets it.';

revoke all on function wahook_private.clock_now() from public;

-- The engine's clock for functions; the definition is the view wahook_private.clock, which the
-- views of wahook read as well.
create or replace function wahook_private.clock_now()
returns timestamptz
language sql
stable
set search_path = ''
as $$
    select c.now from wahook_private.clock as c
$$;

comment on function wahook_private.clock_now() is
'Current time of the engine (the view wahook_private.clock): now(), or the session setting wahook.now when a test sets it and settings.test_clock_enabled is true (test databases only; ignored in production).';

revoke all on function wahook_private.clock_now() from public;

-- The engine's clock for functions; the definition is the view wahook_private.clock, which the
-- views of wahook read as well.
-- PL/pgSQL, not SQL: a SQL function that is not inlined (its SET clause, the view's sub-select)
-- plans its body anew in every transaction that calls it, about 50 microseconds, and a turn calls
-- it a dozen times; PL/pgSQL keeps the plan of its query for the session.
create or replace function wahook_private.clock_now()
returns timestamptz
language plpgsql stable set search_path = ''
as $$
declare
    v_now timestamptz;
begin
    select c.now into v_now from wahook_private.clock as c;
    return v_now;
end
$$;

comment on function wahook_private.clock_now() is
'Current time of the engine (the view wahook_private.clock): now(), or the session setting wahook.now when a test sets it and settings.test_clock_enabled is true (test databases only; ignored in production).';

begin;
select plan(1);

-- The service role reads no table: each API function runs as its owner, with a pinned search_path
-- (checked by security_definer_functions_pin_search_path).
select is(
    array(
        select p.oid::regprocedure::text from pg_proc as p
        where p.pronamespace = 'wahook'::regnamespace and not p.prosecdef
        order by 1
    ),
    array[]::text [],
    'every function of schema wahook is security definer'
);

select * from finish();
rollback;

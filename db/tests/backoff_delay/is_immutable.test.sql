begin;
select plan(1);

select is(
    (select provolatile::text from pg_proc where oid = 'wahook_private.backoff_delay(integer, integer, integer, numeric, double precision)'::regprocedure),
    'i',
    'backoff_delay is immutable: callers pass the random number'
);

select * from finish();
rollback;

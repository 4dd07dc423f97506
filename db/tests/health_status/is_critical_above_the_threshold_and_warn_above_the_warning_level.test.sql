begin;
select plan(1);

select results_eq(
    $$select wahook_private.health_status(v, 10, 5) from unnest(array[null, 0, 5, 5.5, 10, 11]::numeric []) with ordinality as t (v, n)
      order by n$$,
    $$values ('ok'::text), ('ok'), ('ok'), ('warn'), ('warn'), ('critical')$$,
    'null and up to the warning level: ok; above it up to the threshold: warn; above the threshold: critical'
);

select * from finish();
rollback;

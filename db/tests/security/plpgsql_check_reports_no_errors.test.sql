begin;
select plan(1);

-- Warnings are allowed; errors (unknown columns, functions, types...) are not.
select is(
    array(
        select format('%s line %s: %s', p.oid::regprocedure, r.lineno, r.message)
        from pg_proc as p
        cross join lateral plpgsql_check_function_tb(
            p.oid,
            relid => coalesce((select min(t.tgrelid::oid) from pg_trigger as t where t.tgfoid = p.oid), 0)::regclass,
            fatal_errors => false
        ) as r
        where p.pronamespace in ('wahook'::regnamespace, 'wahook_private'::regnamespace)
            and p.prolang = (select l.oid from pg_language as l where l.lanname = 'plpgsql')
            and (p.prorettype <> 'trigger'::regtype or exists (select from pg_trigger as t where t.tgfoid = p.oid))
            and r.level = 'error'
        order by 1
    ),
    array[]::text [],
    'plpgsql_check finds no error in any plpgsql function of wahook and wahook_private'
);

select * from finish();
rollback;

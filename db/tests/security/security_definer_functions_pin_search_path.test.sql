begin;
select plan(1);

-- Pinned: a search_path set on the function itself, naming neither public nor $user (schemas that
-- a caller may be able to create objects in).
select is(
    array(
        select p.oid::regprocedure::text
        from pg_proc as p
        where p.pronamespace in ('wahook'::regnamespace, 'wahook_private'::regnamespace)
            and p.prosecdef
            and not exists (
                select from unnest(p.proconfig) as c (setting)
                where c.setting like 'search_path=%'
                    and c.setting not like '%public%'
                    and c.setting not like '%$user%'
            )
        order by 1
    ),
    array[]::text [],
    'every security definer function of wahook and wahook_private pins search_path (set search_path = '''')'
);

select * from finish();
rollback;

begin;
select plan(3);

select is(
    array(
        select n.nspname::text from pg_namespace as n
        where n.nspname in ('wahook', 'wahook_private')
            and (has_schema_privilege('public', n.oid, 'usage') or has_schema_privilege('public', n.oid, 'create'))
    ),
    array[]::text [],
    'PUBLIC has no privilege on the schemas wahook and wahook_private'
);
select is(
    array(
        select format('%s (%s)', c.oid::regclass, a.privilege_type)
        from pg_class as c
        cross join lateral aclexplode(
            coalesce(
                c.relacl,
                case when c.relkind = 'S' then acldefault('s', c.relowner) else acldefault('r', c.relowner) end
            )
        ) as a
        where c.relnamespace in ('wahook'::regnamespace, 'wahook_private'::regnamespace)
            and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
            and a.grantee = 0
        order by 1
    ),
    array[]::text [],
    'PUBLIC holds no privilege on any table, view or sequence of wahook or wahook_private'
);
select is(
    array(
        select p.oid::regprocedure::text from pg_proc as p
        where p.pronamespace in ('wahook'::regnamespace, 'wahook_private'::regnamespace)
            and has_function_privilege('public', p.oid, 'execute')
        order by 1
    ),
    array[]::text [],
    'PUBLIC cannot execute any function of wahook or wahook_private (revoke all ... from public)'
);

select * from finish();
rollback;

begin;
select plan(2);

-- Supabase's client roles; created here (and rolled back) where they do not exist.
do $$
begin
    if not exists (select from pg_roles where rolname = 'anon') then
        create role anon nologin;
    end if;
    if not exists (select from pg_roles where rolname = 'authenticated') then
        create role authenticated nologin;
    end if;
end
$$;

create temporary table client_roles on commit drop as
select rolname::text as role from pg_roles where rolname in ('anon', 'authenticated');

select is((select count(*)::int from client_roles), 2, 'anon and authenticated exist');
select is(
    array(
        select format('%s: %s %s', r.role, o.kind, o.name)
        from client_roles as r
        cross join lateral (
            select
                'schema' as kind,
                n.nspname::text as name
            from pg_namespace as n
            where n.nspname in ('wahook', 'wahook_private')
                and (has_schema_privilege(r.role, n.oid, 'usage') or has_schema_privilege(r.role, n.oid, 'create'))
            union all
            select
                'relation' as kind,
                c.oid::regclass::text as name
            from pg_class as c
            where c.relnamespace in ('wahook'::regnamespace, 'wahook_private'::regnamespace)
                and c.relkind in ('r', 'p', 'v', 'm', 'f')
                and has_table_privilege(r.role, c.oid, 'select, insert, update, delete, truncate, references, trigger')
            union all
            select
                'sequence' as kind,
                c.oid::regclass::text as name
            from pg_class as c
            where c.relnamespace in ('wahook'::regnamespace, 'wahook_private'::regnamespace)
                and c.relkind = 'S'
                and has_sequence_privilege(r.role, c.oid, 'usage, select, update')
            union all
            select
                'function' as kind,
                p.oid::regprocedure::text as name
            from pg_proc as p
            where p.pronamespace in ('wahook'::regnamespace, 'wahook_private'::regnamespace)
                and has_function_privilege(r.role, p.oid, 'execute')
        ) as o
        order by 1
    ),
    array[]::text [],
    'anon and authenticated have no privilege on any schema, table, view, sequence or function of ours'
);

select * from finish();
rollback;

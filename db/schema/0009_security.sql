-- Security, last: RLS on every table (no policies: only the owner, through the API, reads them),
-- nothing for PUBLIC, and functions created from now on are not executable by PUBLIC by default.
do $$
declare
    v_table regclass;
begin
    for v_table in
        select c.oid::regclass
        from pg_catalog.pg_class as c
        where c.relnamespace = 'wahook_private'::regnamespace and c.relkind in ('r', 'p')
    loop
        execute pg_catalog.format('alter table %s enable row level security', v_table);
        execute pg_catalog.format('revoke all on table %s from public', v_table);
    end loop;
end
$$;

revoke all on all sequences in schema wahook_private from public;

alter default privileges in schema wahook revoke execute on functions from public;
alter default privileges in schema wahook_private revoke execute on functions from public;

grant usage on schema wahook to wahook_service, wahook_reader;

-- Supabase: its service_role runs the API as wahook_service does. anon and authenticated get nothing.
do $$
begin
    if exists (select from pg_catalog.pg_roles where rolname = 'service_role') then
        grant wahook_service to service_role;
    end if;
end
$$;

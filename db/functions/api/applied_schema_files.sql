-- The bookkeeping of `wahook db push`, for a login that may not read it: `wahook serve` and
-- `wahook worker` run as a login that has only wahook_service, and check before serving that
-- every db/schema file of their release is applied, unchanged.
create or replace function wahook.applied_schema_files()
returns table (name text, checksum text)
language sql stable security definer set search_path = ''
as $$
    select m.name, m.checksum from wahook_private.schema_migrations as m order by m.name
$$;

comment on function wahook.applied_schema_files() is
'The db/schema files applied to this database by wahook db push (or a bundle), one row each: name and the sha256 of its text as applied, ordered by name. The sidecar compares them with its own files before serving. Raises nothing.';

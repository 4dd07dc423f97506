-- Schemas and roles. `wahook` holds the interface (functions, views); `wahook_private` holds
-- tables and helpers that no client role is granted.
create schema if not exists wahook_private;
create schema if not exists wahook;

comment on schema wahook is
'wahook API: the functions the sidecar calls and the views BI tools read.';
comment on schema wahook_private is
'wahook internals: tables and private helpers. Not granted to any client role.';

revoke all on schema wahook_private from public;
revoke all on schema wahook from public;

-- Roles are cluster-wide: create them only where missing, so a second database on the same
-- cluster (or a Supabase project) can be pushed too.
do $$
begin
    if not exists (select from pg_catalog.pg_roles where rolname = 'wahook_service') then
        create role wahook_service nologin;
    end if;
    if not exists (select from pg_catalog.pg_roles where rolname = 'wahook_reader') then
        create role wahook_reader nologin;
    end if;
end
$$;

comment on role wahook_service is 'wahook: executes the wahook API (grant it to the sidecar login).';
comment on role wahook_reader is 'wahook: reads the wahook health views (grant it to BI logins).';

-- wahook_private.schema_migrations is created by `wahook db push` (sidecar/wahook/migrations.py)
-- before any file; its columns are documented here.
comment on column wahook_private.schema_migrations.name is 'The db/schema file name, e.g. 0003_settings.sql.';
comment on column wahook_private.schema_migrations.checksum is 'sha256 of the file as applied; a push refuses a file that changed since.';
comment on column wahook_private.schema_migrations.applied_at is 'When the file was applied.';

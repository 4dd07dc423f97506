-- Puts schema wahook last in this database's search_path, so a BI login that is only granted
-- wahook_reader runs the health queries unqualified: a role's own settings apply only to logins as
-- that very role, never to its members, while a database's apply to every session that has no
-- role-level search_path. Last, so names in public (or any schema already listed) still win;
-- roles without usage on wahook skip it. An existing setting is kept and wahook appended to it.
-- Run by every push (not once in a schema file) so a database restored or cloned without its
-- settings gets it back. Where the pushing login may not alter the database (it is neither the
-- owner nor a superuser) the push goes on, and the notice and result say what to run instead.
create or replace function wahook_private.add_wahook_to_database_search_path()
returns text
language plpgsql set search_path = ''
as $$
declare
    v_path text;
    v_new text;
begin
    select pg_catalog.substr(c.setting, pg_catalog.length('search_path=') + 1)
    into v_path
    from pg_catalog.pg_db_role_setting as s
    cross join lateral pg_catalog.unnest(s.setconfig) as c (setting)
    where s.setdatabase = (
        select d.oid from pg_catalog.pg_database as d where d.datname = pg_catalog.current_database()
    )
        and s.setrole = 0
        and c.setting like 'search_path=%';

    -- Stored as written by Postgres: names quoted only where needed, so ours appears bare.
    if 'wahook' = any(pg_catalog.regexp_split_to_array(v_path, '\s*,\s*')) then
        return pg_catalog.format('search_path of database %s: %s', pg_catalog.current_database(), v_path);
    end if;
    v_new := case
        when v_path is null then '"$user", public, wahook'
        when v_path = '""' then 'wahook'
        else v_path || ', wahook'
    end;

    begin
        execute pg_catalog.format(
            'alter database %I set search_path = %s', pg_catalog.current_database(), v_new
        );
    exception
        when insufficient_privilege then
            v_new := pg_catalog.format(
                'search_path of database %1$s not changed: login %2$s may not alter it, so logins '
                'granted only wahook_reader must qualify names (wahook.webhook_conversation_health). '
                'As the database owner or a superuser run: alter database %1$I set search_path = %3$s;',
                pg_catalog.current_database(), current_user, v_new
            );
            raise notice '%', v_new;
            return v_new;
    end;
    return pg_catalog.format('search_path of database %s: %s', pg_catalog.current_database(), v_new);
end
$$;

comment on function wahook_private.add_wahook_to_database_search_path() is
'Appends schema wahook to this database''s search_path setting (default "$user", public, wahook), keeping any setting already there; does nothing when wahook is listed. New sessions only. Where the login may not alter the database, changes nothing and returns (and raises as a notice) the statement to run instead. Returns what the search_path is.';

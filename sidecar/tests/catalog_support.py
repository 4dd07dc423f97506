"""A comparable snapshot of everything wahook puts in a database's catalog."""

from __future__ import annotations

import psycopg

SCHEMAS = "('wahook', 'wahook_private')"

QUERIES = {
    "schemas": f"""
        select nspname, nspacl::text, obj_description(oid, 'pg_namespace')
        from pg_namespace where nspname in {SCHEMAS}""",
    "relations": f"""
        select n.nspname, c.relname, c.relkind, c.relrowsecurity, c.relforcerowsecurity,
            c.relacl::text, obj_description(c.oid, 'pg_class')
        from pg_class as c join pg_namespace as n on n.oid = c.relnamespace
        where n.nspname in {SCHEMAS}""",
    "columns": f"""
        select n.nspname, c.relname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod),
            a.attnotnull, a.attidentity, pg_get_expr(d.adbin, d.adrelid), a.attacl::text,
            col_description(c.oid, a.attnum)
        from pg_attribute as a
        join pg_class as c on c.oid = a.attrelid
        join pg_namespace as n on n.oid = c.relnamespace
        left join pg_attrdef as d on d.adrelid = a.attrelid and d.adnum = a.attnum
        where n.nspname in {SCHEMAS} and a.attnum > 0 and not a.attisdropped""",
    "constraints": f"""
        select n.nspname, c.conrelid::regclass::text, c.conname, c.contype, pg_get_constraintdef(c.oid)
        from pg_constraint as c join pg_namespace as n on n.oid = c.connamespace
        where n.nspname in {SCHEMAS}""",
    "indexes": f"""
        select schemaname, tablename, indexname, indexdef
        from pg_indexes where schemaname in {SCHEMAS}""",
    "functions": f"""
        select n.nspname, p.proname, pg_get_function_identity_arguments(p.oid),
            pg_get_function_result(p.oid), p.prokind, p.prosecdef, p.provolatile, p.proconfig::text,
            md5(p.prosrc), p.proacl::text, obj_description(p.oid, 'pg_proc')
        from pg_proc as p join pg_namespace as n on n.oid = p.pronamespace
        where n.nspname in {SCHEMAS}""",
    "views": f"""
        select schemaname, viewname, definition from pg_views where schemaname in {SCHEMAS}""",
    "policies": f"""
        select schemaname, tablename, policyname, permissive, roles::text, cmd, qual, with_check
        from pg_policies where schemaname in {SCHEMAS}""",
    "sequences": f"""
        select schemaname, sequencename, data_type::text, start_value, increment_by
        from pg_sequences where schemaname in {SCHEMAS}""",
    "triggers": f"""
        select n.nspname, c.relname, t.tgname, pg_get_triggerdef(t.oid)
        from pg_trigger as t join pg_class as c on c.oid = t.tgrelid
        join pg_namespace as n on n.oid = c.relnamespace
        where n.nspname in {SCHEMAS} and not t.tgisinternal""",
    "default_privileges": f"""
        select n.nspname, d.defaclobjtype, d.defaclacl::text
        from pg_default_acl as d join pg_namespace as n on n.oid = d.defaclnamespace
        where n.nspname in {SCHEMAS}""",
    "migrations": "select name, checksum from wahook_private.schema_migrations",
    "state_rules": """
        select 'conversation', from_state, to_state from wahook_private.conversation_state_rules
        union all
        select 'message', from_state, to_state from wahook_private.message_state_rules""",
    # test_clock_enabled: the pytest template turns the test clock on (conftest.py), a bare push not.
    "settings": "select to_jsonb(s) - 'updated_at' - 'test_clock_enabled' from wahook_private.settings as s",
    "error_codes": "select sqlstate, name from wahook_private.error_codes",
}


def snapshot(url: str) -> dict[str, list[tuple[object, ...]]]:
    with psycopg.connect(url) as conn:
        return {name: sorted(conn.execute(query).fetchall(), key=repr) for name, query in QUERIES.items()}

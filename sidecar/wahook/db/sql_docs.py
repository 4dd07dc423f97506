"""`wahook docs sql-api`: the SQL API reference (docs/sql-api.md), generated from the catalog.

The reference is read from a database the checkout's schema was pushed to: the functions and views
of schema `wahook` with their COMMENTs, the SQLSTATE registry (view wahook.error_codes) and the
settings (columns of wahook_private.settings, with defaults and comments). Output is sorted and has
no timestamps, so a stale file shows up as a diff.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo
from psycopg.rows import TupleRow, class_row, scalar_row

from wahook.db import migrations

REGENERATE = "run `wahook docs sql-api` to regenerate"

FUNCTIONS = """
select
    p.proname::text as name,
    pg_catalog.pg_get_function_identity_arguments(p.oid) as arguments,
    pg_catalog.pg_get_function_arguments(p.oid) as signature,
    coalesce(pg_catalog.pg_get_function_result(p.oid), 'void') as result,
    pg_catalog.obj_description(p.oid, 'pg_proc') as comment
from pg_catalog.pg_proc as p
where p.pronamespace = 'wahook'::regnamespace
order by p.proname collate "C", pg_catalog.pg_get_function_identity_arguments(p.oid) collate "C"
"""

VIEWS = """
select c.relname::text as name, pg_catalog.obj_description(c.oid, 'pg_class') as comment
from pg_catalog.pg_class as c
where c.relnamespace = 'wahook'::regnamespace and c.relkind in ('v', 'm')
order by c.relname collate "C"
"""

VIEW_COLUMNS = """
select
    c.relname::text as relation,
    a.attname::text as name,
    pg_catalog.format_type(a.atttypid, a.atttypmod) as type,
    pg_catalog.col_description(c.oid, a.attnum) as comment
from pg_catalog.pg_class as c
inner join pg_catalog.pg_attribute as a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
where c.relnamespace = 'wahook'::regnamespace and c.relkind in ('v', 'm')
order by c.relname collate "C", a.attnum
"""

ERROR_CODES = """
select e.sqlstate, e.name, e.description
from wahook.error_codes as e
order by e.sqlstate collate "C"
"""

SETTINGS = """
select
    a.attname::text as name,
    pg_catalog.format_type(a.atttypid, a.atttypmod) as type,
    pg_catalog.pg_get_expr(d.adbin, d.adrelid) as "default",
    pg_catalog.col_description(a.attrelid, a.attnum) as comment
from pg_catalog.pg_attribute as a
left join pg_catalog.pg_attrdef as d on d.adrelid = a.attrelid and d.adnum = a.attnum
where a.attrelid = 'wahook_private.settings'::regclass
    and a.attnum > 0
    and not a.attisdropped
    and a.attname not in ('id', 'updated_at')
order by a.attnum
"""


@dataclass(frozen=True)
class Function:
    name: str
    arguments: str
    signature: str
    result: str
    comment: str | None


@dataclass(frozen=True)
class View:
    name: str
    comment: str | None


@dataclass(frozen=True)
class Column:
    relation: str
    name: str
    type: str
    comment: str | None


@dataclass(frozen=True)
class ErrorCode:
    sqlstate: str
    name: str
    description: str


@dataclass(frozen=True)
class Setting:
    name: str
    type: str
    default: str | None
    comment: str | None


@dataclass(frozen=True)
class Catalog:
    functions: list[Function]
    views: list[View]
    columns: list[Column]
    error_codes: list[ErrorCode]
    settings: list[Setting]


def default_out() -> Path:
    """docs/sql-api.md of the checkout (beside db/)."""
    return migrations.db_dir().parent / "docs" / "sql-api.md"


def read_catalog(conn: psycopg.Connection[TupleRow]) -> Catalog:
    with conn.cursor(row_factory=class_row(Function)) as cur:
        functions = cur.execute(FUNCTIONS).fetchall()
    with conn.cursor(row_factory=class_row(View)) as cur:
        views = cur.execute(VIEWS).fetchall()
    with conn.cursor(row_factory=class_row(Column)) as cur:
        columns = cur.execute(VIEW_COLUMNS).fetchall()
    with conn.cursor(row_factory=class_row(ErrorCode)) as cur:
        error_codes = cur.execute(ERROR_CODES).fetchall()
    with conn.cursor(row_factory=class_row(Setting)) as cur:
        settings = [as_json_default(conn, s) for s in cur.execute(SETTINGS).fetchall()]
    return Catalog(functions, views, columns, error_codes, settings)


def as_json_default(conn: psycopg.Connection[TupleRow], setting: Setting) -> Setting:
    """The setting with its default shown as the JSON value wahook.update_settings takes
    (["text", "image"] rather than ARRAY['text'::text, 'image'::text])."""
    if setting.default is None:
        return setting
    # The expression comes from this database's own catalog (pg_get_expr of the column default).
    query = sql.SQL("select pg_catalog.to_jsonb({})::text").format(sql.SQL(setting.default))
    with conn.cursor(row_factory=scalar_row) as cur:
        default = cur.execute(query).fetchone()
    return replace(setting, default=str(default) if default is not None else setting.default)


def cell(text: str | None) -> str:
    """A Markdown table cell: one line, pipes escaped."""
    if not text:
        return ""
    return " ".join(text.split()).replace("|", "\\|")


def undocumented(text: str | None) -> str:
    return text.strip() if text else "_Undocumented: add a COMMENT ON._"


def render(catalog: Catalog) -> str:
    lines = [
        "# SQL API reference",
        "",
        f"<!-- Generated from the database catalog by `wahook docs sql-api`: do not edit; {REGENERATE}. -->",
        "",
        "The interface lives in schema `wahook`: the functions the sidecar calls and the views operators and",
        "BI tools read. Tables live in `wahook_private`, which no client role is granted. `wahook_service`",
        "executes the functions; `wahook_reader` reads the views. The push puts `wahook` last in the",
        "database's `search_path`, so a login granted either role finds them by unqualified name (unless it",
        "has a `search_path` of its own).",
        "",
        "## Functions",
        "",
    ]
    for f in catalog.functions:
        lines += [
            f"### wahook.{f.name}({f.arguments})",
            "",
            "```sql",
            f"wahook.{f.name}({f.signature})",
            f"returns {f.result}",
            "```",
            "",
            undocumented(f.comment),
            "",
        ]
    lines += ["## Views", ""]
    for v in catalog.views:
        lines += [f"### wahook.{v.name}", "", undocumented(v.comment), "", "| Column | Type | Description |"]
        lines.append("| --- | --- | --- |")
        lines += [
            f"| `{c.name}` | `{c.type}` | {cell(c.comment)} |"
            for c in catalog.columns
            if c.relation == v.name
        ]
        lines.append("")
    lines += [
        "## Error codes",
        "",
        "The SQLSTATEs the API raises (view `wahook.error_codes`); the sidecar maps each to an exception.",
        "",
        "| SQLSTATE | Name | Description |",
        "| --- | --- | --- |",
    ]
    lines += [f"| `{e.sqlstate}` | `{e.name}` | {cell(e.description)} |" for e in catalog.error_codes]
    lines += [
        "",
        "## Settings",
        "",
        "One row, read with `select * from wahook.settings`, changed with",
        "`select wahook.update_settings('{\"lease_seconds\": 180}')`.",
        "",
        "| Setting | Type | Default (JSON) | Description |",
        "| --- | --- | --- | --- |",
    ]
    lines += [
        f"| `{s.name}` | `{s.type}` | `{cell(s.default)}` | {cell(s.comment)} |" for s in catalog.settings
    ]
    return "\n".join(lines) + "\n"


def generate(conn: psycopg.Connection[TupleRow]) -> str:
    """The reference of the database conn is connected to."""
    return render(read_catalog(conn))


def generate_from_scratch(server_url: str) -> str:
    """Push the checkout's schema to a scratch database on the server of server_url, document it,
    and drop it: the reference then shows this checkout, whatever that database holds."""
    name = f"wahook_docs_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    try:
        with psycopg.connect(make_conninfo(server_url, dbname=name), autocommit=True) as conn:
            conn.add_notice_handler(lambda _notice: None)
            migrations.push(conn, migrations.db_dir(), say=lambda _line: None)
            return generate(conn)
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))


def is_current(path: Path, text: str) -> bool:
    return path.is_file() and path.read_text(encoding="utf-8") == text

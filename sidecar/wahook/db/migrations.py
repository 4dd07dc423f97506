"""`wahook db push` and `wahook db bundle`: apply db/schema once each, and db/functions then
db/grants.sql every time."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.rows import TupleRow, class_row, scalar_row

from wahook.config import SchemaSettings

# Two pushes to one database serialise on this advisory lock (an arbitrary, fixed key).
PUSH_LOCK_KEY = 0x7761686F6F6B  # "wahook"

# Bookkeeping that must exist before the first schema file runs; the bundle carries it too, so
# a database set up from a bundle can later be pushed to.
BOOTSTRAP_SQL = """
create schema if not exists wahook_private;
create table if not exists wahook_private.schema_migrations (
    name text primary key,
    checksum text not null,
    applied_at timestamptz not null default now()
);
comment on table wahook_private.schema_migrations is
'db/schema files applied to this database, with the sha256 of each as applied.';
alter table wahook_private.schema_migrations enable row level security;
revoke all on table wahook_private.schema_migrations from public;
"""

# SQL-language bodies may call functions from files applied later.
FUNCTIONS_PRELUDE = "set local check_function_bodies = off"

SCHEDULE_SQL = "select wahook_private.schedule_maintenance()"

# Every push, so a database restored or cloned without its settings gets wahook back in its path.
SEARCH_PATH_SQL = "select wahook_private.add_wahook_to_database_search_path()"


class DriftError(Exception):
    """An already-applied schema file changed, or the database knows a file that is not here."""


class PushError(Exception):
    """A file failed to apply; the whole push was rolled back."""


@dataclass(frozen=True)
class SqlFile:
    name: str
    text: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()

    @classmethod
    def read(cls, path: Path, base: Path) -> SqlFile:
        return cls(name=path.relative_to(base).as_posix(), text=path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class PushResult:
    applied: list[str]
    functions: list[str]
    maintenance: str


def db_dir(settings: SchemaSettings | None = None) -> Path:
    """The db/ folder: the settings' (WAHOOK_DB_DIR; read from the environment when no settings
    are given), else the one beside the package in the checkout."""
    configured = (settings or SchemaSettings.from_env()).db_dir
    root = Path(configured) if configured else Path(__file__).resolve().parents[3] / "db"
    if not (root / "schema").is_dir():
        # A wrong folder would otherwise push nothing and call the schema current.
        raise PushError(f"no db/schema folder at {root}: set WAHOOK_DB_DIR to the db/ folder of this release")
    return root


def schema_files(root: Path) -> list[SqlFile]:
    base = root / "schema"
    return [SqlFile.read(p, base) for p in sorted(base.glob("*.sql"))]


def function_files(root: Path) -> list[SqlFile]:
    """db/functions/api, private, views in that order; bodies are checked at run time (see
    FUNCTIONS_PRELUDE), so only views, last, need what they use to exist already."""
    base = root / "functions"
    return [SqlFile.read(p, base) for p in sorted(base.rglob("*.sql"))]


def grants_file(root: Path) -> SqlFile:
    """Who may call and read what: after the functions, so it covers every one of them."""
    return SqlFile.read(root / "grants.sql", root)


def push(conn: psycopg.Connection[TupleRow], root: Path, say: Callable[[str], None]) -> PushResult:
    """Apply what is new in one transaction; on drift or any error nothing is applied."""
    files = schema_files(root)
    functions = function_files(root)
    grants = grants_file(root)
    with conn.transaction():
        conn.execute("select pg_advisory_xact_lock(%s)", (PUSH_LOCK_KEY,))
        conn.execute(BOOTSTRAP_SQL.encode())
        with conn.cursor(row_factory=class_row(AppliedFile)) as cur:
            cur.execute("select name, checksum from wahook_private.schema_migrations")
            recorded = {f.name: f.checksum for f in cur}
        check_drift(files, recorded)
        applied = [f for f in files if f.name not in recorded]
        for f in applied:
            apply(conn, f, "db/schema")
            conn.execute(
                "insert into wahook_private.schema_migrations (name, checksum) values (%s, %s)",
                (f.name, f.checksum),
            )
        conn.execute(FUNCTIONS_PRELUDE)
        for f in functions:
            apply(conn, f, "db/functions")
        apply(conn, grants, "db")
        with conn.cursor(row_factory=scalar_row) as cur:
            maintenance = str(cur.execute(SCHEDULE_SQL).fetchone() or "")
            search_path = str(cur.execute(SEARCH_PATH_SQL).fetchone() or "")
    for f in applied:
        say(f"applied db/schema/{f.name}")
    if not applied:
        say("schema is up to date: no schema file applied")
    say(f"applied {len(functions)} db/functions files and db/grants.sql")
    say(maintenance)
    say(search_path)
    return PushResult(
        applied=[f.name for f in applied],
        functions=[f.name for f in functions],
        maintenance=maintenance,
    )


def apply(conn: psycopg.Connection[TupleRow], f: SqlFile, folder: str) -> None:
    try:
        conn.execute(f.text.encode())
    except psycopg.Error as exc:
        raise PushError(f"{folder}/{f.name} failed, nothing was applied: {exc}") from exc


def check_drift(files: list[SqlFile], recorded: dict[str, str]) -> None:
    known = {f.name for f in files}
    changed = [f.name for f in files if f.name in recorded and recorded[f.name] != f.checksum]
    if changed:
        raise DriftError(
            f"schema file(s) changed after being applied: {', '.join(changed)}; "
            "add a new schema file instead of editing an applied one"
        )
    unknown = sorted(set(recorded) - known)
    if unknown:
        raise DriftError(f"the database has schema file(s) this checkout does not: {', '.join(unknown)}")


def bundle(root: Path, out_dir: Path, now: datetime | None = None) -> Path:
    """Write schema, functions and grants as one Supabase CLI migration, <UTC timestamp>_wahook.sql."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d%H%M%S")
    parts = [
        "-- wahook: schema, functions and grants as one migration, written by `wahook db bundle`.",
        "-- Equivalent to `wahook db push` on an empty database.",
        BOOTSTRAP_SQL.strip(),
    ]
    for f in schema_files(root):
        parts.append(f"-- db/schema/{f.name}\n{f.text.strip()}")
        record = sql.SQL(
            "insert into wahook_private.schema_migrations (name, checksum) values ({}, {});"
        ).format(sql.Literal(f.name), sql.Literal(f.checksum))
        parts.append(record.as_string(None))
    parts.append("set check_function_bodies = off;")
    for f in function_files(root):
        parts.append(f"-- db/functions/{f.name}\n{f.text.strip()}")
    parts.append(f"-- db/grants.sql\n{grants_file(root).text.strip()}")
    parts.append("reset check_function_bodies;")
    parts.append(SCHEDULE_SQL + ";")
    parts.append(SEARCH_PATH_SQL + ";")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{stamp}_wahook.sql"
    target.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return target


# What the serving login checks before it serves: the files applied (a function wahook_service may
# call), and whether it owns the schema, which row-level security and the grants do not bind.
APPLIED_SCHEMA_FILES = "select name, checksum from wahook.applied_schema_files()"
LOGIN_OWNS_SCHEMA = """
select pg_catalog.pg_has_role(current_user, n.nspowner, 'MEMBER') as owns
from pg_catalog.pg_namespace as n where n.nspname = 'wahook_private'
"""


@dataclass(frozen=True)
class AppliedFile:
    name: str
    checksum: str


@dataclass(frozen=True)
class Ownership:
    owns: bool


def applied_schema_files(conn: psycopg.Connection[TupleRow]) -> dict[str, str]:
    """Name to checksum of each applied db/schema file."""
    with conn.cursor(row_factory=class_row(AppliedFile)) as cur:
        return {f.name: f.checksum for f in cur.execute(APPLIED_SCHEMA_FILES)}


def login_owns_schema(conn: psycopg.Connection[TupleRow]) -> bool:
    with conn.cursor(row_factory=class_row(Ownership)) as cur:
        row = cur.execute(LOGIN_OWNS_SCHEMA).fetchone()
        return bool(row and row.owns)

"""The bundle (`wahook db bundle`) on a database prepared as Supabase prepares one, applied as
`supabase db push` applies a migration file: Supabase's client roles get nothing of wahook, its
`service_role` runs the pipeline's calls, and `wahook db push` can take over afterwards.

What is Supabase's here (supabase/postgres migrations/db/init-scripts and migrations, supabase/cli
pkg/migration and pkg/parser): the roles and their attributes, the demoted non-superuser
`postgres` (a stand-in login, since this cluster's own `postgres` is a superuser), the default
privileges in schema public, and the migrations table with the CLI's way of applying a file.
What is not: supautils, which lets Supabase's `postgres` create pg_cron (see docs/supabase.md)."""

from __future__ import annotations

import json
import re
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import make_conninfo
from psycopg.rows import class_row
from psycopg.types.json import Jsonb

from tests.conftest import dbname_of
from tests.work_support import claim, complete, wamids
from wahook.db import migrations
from wahook.db.health import CHECK_HEALTH, HealthCheck
from wahook.db.ingest import INGEST_INBOX, RECEIVE_WEBHOOKS, IngestSummary, Receipt
from wahook.db.outbox import CLAIM_OUTBOUND_MESSAGES, RECORD_OUTBOUND_SENTS, OutboundMessage, SentRow

CLIENT_ROLES = ("anon", "authenticated")

# Supabase's roles (00000000000000-initial-schema.sql; made inherit by
# 20230529180330_alter_api_roles_for_inherit.sql). Roles are cluster-wide: each is made only where
# missing, and dropped at the end only by the test that made it.
SUPABASE_ROLES = {
    "anon": "nologin",
    "authenticated": "nologin",
    "service_role": "nologin bypassrls",
    "supabase_admin": "nologin superuser createdb createrole replication bypassrls",
}
# Supabase's postgres after 10000000000000_demote-postgres.sql.
POSTGRES_ATTRIBUTES = "login nosuperuser createdb createrole replication bypassrls"

# What Supabase's initial schema grants in public: anything wahook made there would reach anon.
PUBLIC_GRANTS = """
grant usage on schema public to {postgres}, anon, authenticated, service_role;
alter default privileges for role {postgres} in schema public
    grant all on tables to {postgres}, anon, authenticated, service_role;
alter default privileges for role {postgres} in schema public
    grant all on functions to {postgres}, anon, authenticated, service_role;
alter default privileges for role {postgres} in schema public
    grant all on sequences to {postgres}, anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public
    grant all on tables to {postgres}, anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public
    grant all on functions to {postgres}, anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public
    grant all on sequences to {postgres}, anon, authenticated, service_role;
"""

# The CLI's migrations table (supabase/cli pkg/migration/history.go), made as the pushing login.
MIGRATIONS_TABLE = """
create schema if not exists supabase_migrations;
create table if not exists supabase_migrations.schema_migrations (version text not null primary key);
alter table supabase_migrations.schema_migrations add column if not exists statements text[];
alter table supabase_migrations.schema_migrations add column if not exists name text;
"""
INSERT_MIGRATION = """
insert into supabase_migrations.schema_migrations (version, name, statements) values (%s, %s, %s)
"""

DOLLAR_TAG = re.compile(r"\$[A-Za-z0-9_]*\$")

FIXTURE = Path("david-lev__pywa") / "message__text.json"


@dataclass(frozen=True)
class Supabase:
    """Logins to one prepared database: `postgres` (Supabase's, non-superuser) and `authenticator`
    (login, noinherit, granted anon, authenticated and service_role, as PostgREST uses it)."""

    postgres: str
    authenticator: str


def split_statements(text: str) -> list[str]:
    """The file cut into statements as the Supabase CLI cuts it (pkg/parser): a `;` ends one unless
    it is inside quotes, a dollar-quoted string, a comment or parentheses; a backslash outside
    those escapes the next character; statements trimmed, empty ones dropped. BEGIN ATOMIC bodies,
    which the CLI also keeps whole, are not handled: wahook has none."""
    statements: list[str] = []
    start = i = depth = 0
    while i < len(text):
        char = text[i]
        tag = DOLLAR_TAG.match(text, i)
        if text.startswith("--", i):
            end = text.find("\n", i)
            i = len(text) if end < 0 else end + 1
        elif text.startswith("/*", i):
            nested, i = 1, i + 2
            while nested and i < len(text):
                nested += text.startswith("/*", i) - text.startswith("*/", i)
                i += 2 if text.startswith(("/*", "*/"), i) else 1
        elif char in "'\"":
            closing = text.find(char, i + 1)
            while closing >= 0 and text.startswith(char * 2, closing):  # doubled: stays inside
                closing = text.find(char, closing + 2)
            i = len(text) if closing < 0 else closing + 1
        elif tag:
            i = text.index(tag[0], tag.end()) + len(tag[0])
        else:
            i += 2 if char == "\\" else 1
            depth = depth + 1 if char == "(" else max(depth - (char == ")"), 0)
            if char == ";" and depth == 0:
                statements.append(text[start : i - 1].strip())
                start = i
    statements.append(text[start:].strip())
    return [s for s in statements if s]


def supabase_db_push(postgres_url: str, migration: Path) -> None:
    """As `supabase db push` applies one file (pkg/migration/file.go ExecBatch): the migrations
    table made first, then each statement over the extended protocol and the history row, all in one
    batch that is one implicit transaction."""
    statements = split_statements(migration.read_text(encoding="utf-8"))
    version, name = migration.stem.split("_", 1)
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.add_notice_handler(lambda _notice: None)
        conn.execute(MIGRATIONS_TABLE.encode())
        with conn.pipeline():
            for statement in statements:
                conn.execute(statement.encode())
            conn.execute(INSERT_MIGRATION, (version, name, statements))


@pytest.fixture
def supabase(admin_url: str, empty_database_url: str) -> Iterator[Supabase]:
    password = secrets.token_hex(16)
    postgres = f"wahook_supa_postgres_{secrets.token_hex(4)}"
    authenticator = f"wahook_supa_authenticator_{secrets.token_hex(4)}"
    made: list[str] = []
    with psycopg.connect(admin_url, autocommit=True) as conn:
        for role, attributes in SUPABASE_ROLES.items():
            if not conn.execute("select 1 from pg_roles where rolname = %s", (role,)).fetchone():
                conn.execute(sql.SQL("create role {} " + attributes).format(sql.Identifier(role)))
                made.append(role)
        conn.execute(
            sql.SQL("create role {} " + POSTGRES_ATTRIBUTES + " password {}").format(
                sql.Identifier(postgres), sql.Literal(password)
            )
        )
        conn.execute(
            sql.SQL(
                "create role {} login noinherit password {} in role anon, authenticated, service_role"
            ).format(sql.Identifier(authenticator), sql.Literal(password))
        )
        made += [postgres, authenticator]
    with psycopg.connect(empty_database_url, autocommit=True) as conn:
        names = {"postgres": sql.Identifier(postgres)}
        # Supabase: GRANT ALL ON DATABASE postgres TO postgres.
        conn.execute(
            sql.SQL("grant all on database {} to {postgres}").format(
                sql.Identifier(dbname_of(empty_database_url)), **names
            )
        )
        conn.execute(sql.SQL(PUBLIC_GRANTS).format(**names))
    try:
        yield Supabase(
            postgres=make_conninfo(empty_database_url, user=postgres, password=password),
            authenticator=make_conninfo(empty_database_url, user=authenticator, password=password),
        )
    finally:
        with psycopg.connect(empty_database_url, autocommit=True) as conn:
            # One at a time: a default ACL naming two of them is gone after the first.
            for role in made:
                conn.execute(sql.SQL("drop owned by {} cascade").format(sql.Identifier(role)))
        with psycopg.connect(admin_url, autocommit=True) as conn:
            for role in reversed(made):
                conn.execute(sql.SQL("drop role {}").format(sql.Identifier(role)))


@pytest.fixture
def bundled(supabase: Supabase, tmp_path: Path) -> Supabase:
    migration = migrations.bundle(migrations.db_dir(), tmp_path)
    supabase_db_push(supabase.postgres, migration)
    return supabase


def as_role(url: str, role: str) -> psycopg.Connection[Any]:
    conn = psycopg.connect(url, autocommit=True)
    conn.execute(sql.SQL("set role {}").format(sql.Identifier(role)))
    return conn


def test_the_splitter_keeps_quoted_bodies_and_parentheses_whole() -> None:
    text = "create function f() returns int as $b$ select 1; $b$ language sql;\n-- a; b\n" + (
        "select 'x;''y', \"q;\" /* c; /* d; */ e; */; do $$ begin perform (1); end $$;select (1;2)"
    )
    assert split_statements(text) == [
        "create function f() returns int as $b$ select 1; $b$ language sql",
        "-- a; b\nselect 'x;''y', \"q;\" /* c; /* d; */ e; */",
        "do $$ begin perform (1); end $$",
        "select (1;2)",
    ]


def test_supabase_db_push_applies_the_bundle_as_supabases_postgres_and_records_it(
    bundled: Supabase, tmp_path: Path
) -> None:
    with psycopg.connect(bundled.postgres, autocommit=True) as conn:
        rows = conn.execute(
            "select name, cardinality(statements) from supabase_migrations.schema_migrations"
        ).fetchall()
        assert rows and rows[0][0] == "wahook" and rows[0][1] > 100
        owner = conn.execute(
            "select nspowner::regrole::text from pg_namespace where nspname = 'wahook'"
        ).fetchone()
        assert owner == (conn.info.user,), "the schema belongs to the login that pushed it"
        # `wahook db push` can take over: every schema file is recorded, nothing is applied again.
        conn.add_notice_handler(lambda _notice: None)
        result = migrations.push(conn, migrations.db_dir(), say=lambda _line: None)
    assert result.applied == []


@pytest.mark.parametrize("role", CLIENT_ROLES)
def test_anon_and_authenticated_reach_nothing_of_wahook(bundled: Supabase, role: str) -> None:
    with psycopg.connect(bundled.postgres, autocommit=True) as owner:
        # Every schema, relation, sequence and function of ours, as it can be called or read.
        targets = [
            str(row[0])
            for row in owner.execute(
                """
                select format('select from %s limit 0', c.oid::regclass)
                from pg_class as c
                where c.relnamespace in ('wahook'::regnamespace, 'wahook_private'::regnamespace)
                    and c.relkind in ('r', 'p', 'v', 'm', 'f')
                union all
                select format('select nextval(%L)', c.oid::regclass)
                from pg_class as c
                where c.relnamespace in ('wahook'::regnamespace, 'wahook_private'::regnamespace)
                    and c.relkind = 'S'
                union all
                select format(
                    '%s %s(%s)', case p.prokind when 'p' then 'call' else 'select' end, p.oid::regproc,
                    (select string_agg(format('null::%s', format_type(t, null)), ', ')
                     from unnest(p.proargtypes) as t)
                )
                from pg_proc as p
                where p.pronamespace in ('wahook'::regnamespace, 'wahook_private'::regnamespace)
                    and p.prokind in ('f', 'p')
                """
            )
        ]
    assert len(targets) > 50
    reached = []
    with as_role(bundled.authenticator, role) as conn:
        for target in targets:
            try:
                with conn.transaction():
                    conn.execute(target.encode())
                reached.append(target)
            except psycopg.errors.InsufficientPrivilege:
                pass
        # The same in the catalog, which a missing schema USAGE does not hide.
        granted = conn.execute(
            """
            select n.nspname from pg_namespace as n
            where n.nspname like 'wahook%' and has_schema_privilege(n.oid, 'usage, create')
            union all
            select c.oid::regclass::text from pg_class as c
            where c.relnamespace in ('wahook'::regnamespace, 'wahook_private'::regnamespace)
                and case c.relkind
                    when 'S' then has_sequence_privilege(c.oid, 'usage, select, update')
                    else has_table_privilege(
                        c.oid, 'select, insert, update, delete, truncate, references, trigger'
                    )
                end
            union all
            select p.oid::regprocedure::text from pg_proc as p
            where p.pronamespace in ('wahook'::regnamespace, 'wahook_private'::regnamespace)
                and has_function_privilege(p.oid, 'execute')
            """
        ).fetchall()
    assert reached == []
    assert granted == []


def test_service_role_runs_the_pipelines_calls(bundled: Supabase, fixtures_dir: Path) -> None:
    body = json.loads((fixtures_dir / FIXTURE).read_text(encoding="utf-8"))
    # Sent now, so that the reply falls inside the 24-hour window the outbox claim enforces.
    body["entry"][0]["changes"][0]["value"]["messages"][0]["timestamp"] = str(int(time.time()))
    with as_role(bundled.authenticator, "service_role") as conn:
        with conn.cursor(row_factory=class_row(Receipt)) as cur:
            cur.execute(
                RECEIVE_WEBHOOKS, {"bodies": [json.dumps(body).encode()], "correlation_ids": ["supa-1"]}
            )
            assert [r.item_count for r in cur.fetchall()] == [1]
        with conn.cursor(row_factory=class_row(IngestSummary)) as cur:
            summary = cur.execute(INGEST_INBOX, {"limit": 10}).fetchone()
            assert summary is not None and summary.accepted_count == 1

        turn = claim(conn, "supabase-worker")
        assert turn is not None and wamids(turn) == ["wamid.xyzxyz"]
        assert complete(conn, turn, reply="echo: Body Text") is not None

        with conn.cursor(row_factory=class_row(OutboundMessage)) as cur:
            cur.execute(
                CLAIM_OUTBOUND_MESSAGES, {"sender": "supabase-sender", "limit": 10, "lease_seconds": 60}
            )
            (reply,) = cur.fetchall()
        assert reply.refused_code is None
        sent = {
            "conversation_id": reply.conversation_id,
            "outbound_id": reply.outbound_id,
            "wamid": "wamid.out.1",
        }
        with conn.cursor(row_factory=class_row(SentRow)) as cur:
            cur.execute(RECORD_OUTBOUND_SENTS, {"sends": Jsonb([sent])})
            assert [r.status for r in cur.fetchall()] == ["sent"]

        with conn.cursor(row_factory=class_row(HealthCheck)) as cur:
            checks = cur.execute(CHECK_HEALTH).fetchall()
        assert checks and all(c.status in ("ok", "warn", "critical") for c in checks)

        # What it runs it runs as the API: the tables stay out of its reach, RLS bypass or not.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("select from wahook_private.outbound_messages")

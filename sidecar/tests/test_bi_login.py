"""A BI login that is only granted wahook_reader runs the operators' queries as written, because
the push puts wahook last in the database's search_path (a role's own settings reach no member).
Database settings are per database and not copied from a template, so each test pushes into a
fresh database itself."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from tests.bundle_support import apply_bundle
from tests.conftest import dbname_of
from tests.ingest_support import process_message
from tests.login_support import create_login
from tests.webhook_bodies import text_message
from tests.work_support import claim, complete
from wahook.db import migrations

# Exactly as docs/operations.md gives them to operators.
OPERATOR_QUERIES = {
    "webhook_conversation_health": "SELECT * FROM webhook_conversation_health WHERE is_stuck;",
    "check_webhook_system_health": "SELECT * FROM check_webhook_system_health();",
    "agent_session_metrics": "SELECT * FROM agent_session_metrics;",
}
DATABASE_SEARCH_PATH = """
select c.setting
from pg_db_role_setting as s, unnest(s.setconfig) as c (setting)
where s.setdatabase = (select oid from pg_database where datname = current_database())
    and s.setrole = 0 and c.setting like 'search_path=%'
"""

MakeLogin = Callable[..., str]


def push(url: str) -> list[str]:
    said: list[str] = []
    with psycopg.connect(url, autocommit=True) as conn:
        conn.add_notice_handler(lambda _notice: None)
        migrations.push(conn, migrations.db_dir(), say=said.append)
    return said


def database_search_path(url: str) -> str | None:
    with psycopg.connect(url) as conn:
        row = conn.execute(DATABASE_SEARCH_PATH).fetchone()
    return None if row is None else str(row[0])


@pytest.fixture
def make_login(admin_url: str, empty_database_url: str) -> Iterator[MakeLogin]:
    """make_login(*options) creates a login with a password (role options as SQL, e.g.
    "in role wahook_reader") and returns its URL to the test database over TCP; every login is
    dropped afterwards (roles are cluster-wide)."""
    made: list[str] = []

    def make(*options: str) -> str:
        name, password = create_login(admin_url, "wahook_bi", *options)
        made.append(name)
        return make_conninfo(empty_database_url, host="127.0.0.1", user=name, password=password)

    yield make
    with psycopg.connect(empty_database_url, autocommit=True) as conn:
        for name in made:
            conn.execute(sql.SQL("drop owned by {}").format(sql.Identifier(name)))
            conn.execute(sql.SQL("drop role {}").format(sql.Identifier(name)))


def some_traffic(url: str) -> None:
    """One conversation answered (agent_session_metrics has rows) and one stuck (waiting an hour)."""
    with psycopg.connect(url, autocommit=True) as conn:
        process_message(conn, text_message("15550001", "wamid.bi.1", "hello"))
        turn = claim(conn, "worker-1")
        assert turn is not None
        complete(conn, turn)
        process_message(conn, text_message("15550002", "wamid.bi.2", "hello"))
        conn.execute(
            "update wahook_private.webhook_conversations set available_at = now() - interval '1 hour'"
            " where state = 'pending'"
        )


def test_a_login_granted_only_wahook_reader_runs_the_operators_queries_as_written(
    empty_database_url: str, make_login: MakeLogin
) -> None:
    push(empty_database_url)
    some_traffic(empty_database_url)
    bi_url = make_login()
    with psycopg.connect(empty_database_url, autocommit=True) as owner:
        # The only thing done for the login: the grant, as docs/operations.md says.
        user = conninfo_to_dict(bi_url)["user"]
        owner.execute(sql.SQL("grant wahook_reader to {}").format(sql.Identifier(str(user))))
    with psycopg.connect(bi_url, autocommit=True) as bi:
        results = {}
        for view, query in OPERATOR_QUERIES.items():
            cur = bi.execute(query)
            assert cur.description is not None
            results[view] = ([c.name for c in cur.description], cur.fetchall())
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            bi.execute("select * from wahook_private.webhook_conversations")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            bi.execute("select wahook.update_settings('{}')")

    columns, rows = results["webhook_conversation_health"]
    assert "is_stuck" in columns and len(rows) == 1
    columns, rows = results["check_webhook_system_health"]
    assert columns[:2] == ["check_name", "status"]
    assert {r[0]: r[1] for r in rows}["stuck_conversations"] == "warn"
    columns, rows = results["agent_session_metrics"]
    assert "period" in columns and len(rows) > 0


def test_the_push_appends_wahook_to_an_existing_database_search_path_once(
    admin_url: str, empty_database_url: str, make_login: MakeLogin
) -> None:
    database = sql.Identifier(dbname_of(empty_database_url))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        # A setting already there (the path Supabase gives its roles) is kept.
        conn.execute(
            sql.SQL('alter database {} set search_path = "$user", public, extensions').format(database)
        )
    push(empty_database_url)
    said = push(empty_database_url)
    assert database_search_path(empty_database_url) == 'search_path="$user", public, extensions, wahook'
    assert said[-1].endswith('"$user", public, extensions, wahook')

    # A role-level search_path still wins over the database's, even for a member of wahook_reader.
    own = make_login("in role wahook_reader")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        user = str(conninfo_to_dict(own)["user"])
        conn.execute(sql.SQL("alter role {} set search_path = public").format(sql.Identifier(user)))
    with psycopg.connect(own, autocommit=True) as conn:
        assert conn.execute("show search_path").fetchall() == [("public",)]
        with pytest.raises(psycopg.errors.UndefinedTable):
            conn.execute("SELECT * FROM agent_session_metrics;")

    # A login without usage on wahook has it in its path but resolves nothing there.
    other = make_login()
    with psycopg.connect(other, autocommit=True) as conn:
        assert conn.execute("select current_schemas(false)").fetchall() == [(["public"],)]


def test_a_pusher_that_may_not_alter_the_database_still_pushes_and_is_told_what_to_run(
    admin_url: str, empty_database_url: str, make_login: MakeLogin, tmp_path: Path
) -> None:
    # A pusher that is neither superuser nor database owner, with what the schema needs: roles
    # (made and commented on), and cron.database_name to read (schedule_maintenance).
    pusher = make_login("createrole in role pg_read_all_settings")
    user = str(conninfo_to_dict(pusher)["user"])
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("grant create on database {} to {}").format(
                sql.Identifier(dbname_of(empty_database_url)), sql.Identifier(user)
            )
        )

    said = push(pusher)
    assert "not changed" in said[-1] and "alter database" in said[-1], said[-1]
    assert database_search_path(empty_database_url) is None

    # The one-transaction bundle of `wahook db bundle` too (as `supabase db push` applies it).
    with psycopg.connect(empty_database_url, autocommit=True) as conn:
        conn.execute("drop schema wahook cascade; drop schema wahook_private cascade")
    target = migrations.bundle(migrations.db_dir(), tmp_path)
    notices = apply_bundle(pusher, target)
    assert any("not changed" in notice for notice in notices), notices
    assert database_search_path(empty_database_url) is None

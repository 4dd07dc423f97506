"""The shared definitions of the health views (the engine's clock, "stuck", the reporting windows)
are private views, because Postgres checks a view's relations against the view's owner but the
functions it calls against whoever reads it: a login granted only wahook_reader reads the views
of wahook, follows the engine's clock there, and still reaches nothing in wahook_private. (Names
are qualified: a cloned test database has no database search_path; test_bi_login covers that.)"""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import make_conninfo

from tests.ingest_support import process_message
from tests.login_support import create_login
from tests.webhook_bodies import text_message

NOW = "2030-06-01 12:34:00+00"
VIEWS = [
    "webhook_conversation_health",
    "webhook_dlq_status",
    "webhook_processing_performance",
    "webhook_throughput",
    "agent_session_metrics",
]


@pytest.fixture
def reader_url(admin_url: str, database_url: str) -> Iterator[str]:
    """A TCP login to the test database granted wahook_reader and nothing else."""
    name, password = create_login(admin_url, "wahook_homes", "in role wahook_reader")
    yield make_conninfo(database_url, host="127.0.0.1", user=name, password=password)
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(sql.SQL("drop owned by {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("drop role {}").format(sql.Identifier(name)))


def stuck_conversation(database_url: str) -> int:
    """One conversation pending since 11:00 at the engine's NOW: stuck by the default 5 minutes."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        process_message(conn, text_message("15557001", "wamid.homes.1", "hello"))
        row = conn.execute(
            "update wahook_private.webhook_conversations set available_at = '2030-06-01 11:00:00+00'"
            " where state = 'pending' returning conversation_id"
        ).fetchone()
    assert row is not None
    return int(row[0])


def test_the_reader_reads_every_view_on_the_engine_clock(database_url: str, reader_url: str) -> None:
    conversation_id = stuck_conversation(database_url)
    with psycopg.connect(reader_url) as reader:
        reader.execute("select set_config('wahook.now', %s, false)", (NOW,))
        for view in VIEWS:
            reader.execute(sql.SQL("select * from wahook.{}").format(sql.Identifier(view))).fetchall()
        stuck = reader.execute(
            "select conversation_id, is_stuck, stuck_since, stuck_seconds"
            " from wahook.webhook_conversation_health"
        ).fetchall()
        assert [(r[0], r[1], str(r[2]), r[3]) for r in stuck] == [
            (conversation_id, True, "2030-06-01 11:00:00+00:00", 5640)
        ], "stuck is measured on wahook.now, not on the wall clock"
        check = reader.execute(
            "select value from wahook.check_webhook_system_health() where check_name = 'stuck_conversations'"
        ).fetchone()
        assert check == (1,), "the check counts what the view flags"
        last_hour = reader.execute(
            "select max(hour_start)::text from wahook.webhook_processing_performance"
        ).fetchone()
        assert last_hour == ("2030-06-01 12:00:00+00",)
        last_bucket = reader.execute(
            "select max(bucket_start)::text from wahook.webhook_throughput"
        ).fetchone()
        assert last_bucket == ("2030-06-01 12:30:00+00",)


@pytest.mark.parametrize(
    "query",
    [
        "select wahook_private.clock_now()",
        "select * from wahook_private.clock",
        "select * from wahook_private.stuck_conversations",
        "select * from wahook_private.report_windows",
    ],
)
def test_the_shared_definitions_are_not_granted_to_the_reader(reader_url: str, query: str) -> None:
    with psycopg.connect(reader_url) as reader, pytest.raises(psycopg.errors.InsufficientPrivilege):
        reader.execute(query)


def test_a_view_that_calls_a_private_function_fails_for_the_reader(
    database_url: str, reader_url: str
) -> None:
    """Why the shared definitions are views: a function called in a view is checked against the
    reader (even with security_invoker off, the default), so a view calling clock_now() fails."""
    with psycopg.connect(database_url, autocommit=True) as owner:
        owner.execute("create view wahook.homes_probe as select wahook_private.clock_now() as now")
        owner.execute("grant select on wahook.homes_probe to wahook_reader")
    with (
        psycopg.connect(reader_url) as reader,
        pytest.raises(psycopg.errors.InsufficientPrivilege, match="function clock_now"),
    ):
        reader.execute("select * from wahook.homes_probe")

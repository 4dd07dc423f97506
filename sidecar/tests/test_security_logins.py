"""Privileges as real logins see them: a login granted wahook_service (the sidecar) or
wahook_reader (a BI tool). Unqualified names for BI logins (the database's search_path, which a
cloned test database lacks) are tested in test_bi_login.py."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import make_conninfo

from tests.ingest_support import process_message
from tests.login_support import create_login
from tests.webhook_bodies import text_message
from tests.work_support import claim, complete, set_now


@pytest.fixture
def login_url(admin_url: str, database_url: str) -> Iterator[dict[str, str]]:
    """URLs to log in as the sidecar and as a BI tool: a fresh login in wahook_service, and
    wahook_reader itself, given a password for the test."""
    service_login, password = create_login(admin_url, "wahook_svc", "in role wahook_service")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("alter role wahook_reader login password {}").format(sql.Literal(password)))
    try:
        yield {
            "wahook_service": make_conninfo(database_url, user=service_login, password=password),
            "wahook_reader": make_conninfo(database_url, user="wahook_reader", password=password),
        }
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute("alter role wahook_reader nologin password null")
            conn.execute(sql.SQL("drop role if exists {}").format(sql.Identifier(service_login)))


def test_service_login_runs_the_api_but_cannot_read_tables(login_url: dict[str, str]) -> None:
    with psycopg.connect(login_url["wahook_service"], autocommit=True) as conn:
        row = conn.execute(
            """select wahook.update_settings('{"lease_seconds": 150}') ->> 'lease_seconds'"""
        ).fetchone()
        assert row is not None and row[0] == "150"
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("select * from wahook_private.settings")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("select wahook_private.clock_now()")


def test_reader_login_reads_views_but_no_table(login_url: dict[str, str]) -> None:
    with psycopg.connect(login_url["wahook_reader"], autocommit=True) as conn:
        rows = conn.execute(
            "select sqlstate from wahook.error_codes where name = 'invalid_setting'"
        ).fetchall()
        assert rows == [("WH020",)]
        assert conn.execute("select lease_seconds from wahook.settings").fetchall() == [(120,)]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("select wahook.update_settings('{}')")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("select * from wahook_private.webhook_events")


def test_service_login_cannot_move_the_engine_clock(
    admin_url: str, database_url: str, login_url: dict[str, str]
) -> None:
    """A service login sets wahook.now far ahead: purge_expired must not forget an answered wamid
    (a redelivery would be answered twice) and a live lease must not look expired."""
    with psycopg.connect(database_url, autocommit=True) as owner:
        # Production: the test clock is off (the template of the test run turned it on).
        owner.execute("update wahook_private.settings set test_clock_enabled = false")
    body = text_message("15550001", "wamid.answered", "hello")
    with psycopg.connect(login_url["wahook_service"], autocommit=True) as conn:
        assert [r.outcome for r in process_message(conn, body)] == ["accepted"]
        turn = claim(conn, "worker-1")
        assert turn is not None
        complete(conn, turn)
        assert [r.outcome for r in process_message(conn, text_message("15550002", "wamid.live", "hi"))] == [
            "accepted"
        ]
        live = claim(conn, "worker-1")
        assert live is not None

        set_now(conn, "2999-01-01T00:00:00Z")
        with pytest.raises(psycopg.Error) as refused:
            conn.execute("""select wahook.update_settings('{"test_clock_enabled": true}')""")
        assert refused.value.sqlstate == "WH020"
        conn.execute("select wahook.purge_expired()")
        assert claim(conn, "worker-2") is None, "a live lease was taken over"
        assert [r.outcome for r in process_message(conn, body)] == ["duplicate"]

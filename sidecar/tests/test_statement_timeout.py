"""The sidecar's sessions carry a statement timeout (WAHOOK_STATEMENT_TIMEOUT_MS): a statement that
runs too long is cancelled (57014) and the request answers 503, so Meta retries; maintenance,
which may run long by design, sets its own."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import psycopg
import pytest
from psycopg.conninfo import make_conninfo

from tests import traffic_support as traffic
from tests.server_support import running_sidecar
from tests.webhook_bodies import post_signed, text_message
from wahook.config import Config, ConfigError
from wahook.db import Database


@contextmanager
def table_locked(database_url: str, table: str, seconds: float | None = None) -> Iterator[None]:
    """Holds an exclusive lock on a private table for the block (or `seconds`, in a thread)."""
    with psycopg.connect(database_url) as conn:
        conn.execute(f"lock table wahook_private.{table} in access exclusive mode")
        release = threading.Timer(seconds, conn.rollback) if seconds else None
        if release:
            release.start()
        try:
            yield
        finally:
            if release:
                release.join()
            else:
                conn.rollback()


def test_a_statement_past_the_timeout_is_cancelled_and_the_webhook_answered_503(database_url: str) -> None:
    config = Config(
        database_url=database_url,
        app_secret=traffic.SECRET,
        verify_token=traffic.VERIFY_TOKEN,
        statement_timeout_ms=500,
    )
    with running_sidecar(config) as base, table_locked(database_url, "webhook_inbox"):
        started = time.monotonic()
        try:
            response = post_signed(base, text_message("15550003333", "wamid.timeout.1"), traffic.SECRET)
        except httpx.ReadTimeout:
            pytest.fail("the webhook waited on the lock with no statement timeout")
        elapsed = time.monotonic() - started
    assert response.status_code == 503, response.text
    assert "57014" in response.json()["error"]
    assert response.headers["retry-after"].isdigit()
    assert elapsed < 5.0


def test_sessions_carry_the_timeouts_and_keep_the_urls_own_options(database_url: str) -> None:
    config = Config(database_url=database_url, statement_timeout_ms=1234)
    with psycopg.connect(config.session_url) as conn:
        assert conn.execute("show statement_timeout").fetchone() == ("1234ms",)
        assert conn.execute("show idle_in_transaction_session_timeout").fetchone() == ("1234ms",)
    own = make_conninfo(database_url, options="-c statement_timeout=777")
    with_options = Config(database_url=own, statement_timeout_ms=1234)
    with psycopg.connect(with_options.session_url) as conn:
        assert conn.execute("show statement_timeout").fetchone() == ("777ms",)
    with psycopg.connect(Config(database_url=database_url, statement_timeout_ms=0).session_url) as conn:
        assert conn.execute("show statement_timeout").fetchone() == ("0",)


def test_maintenance_outlasts_the_request_timeout(database_url: str) -> None:
    config = Config(database_url=database_url, statement_timeout_ms=300)

    async def maintain() -> dict[str, object]:
        database = Database(config.session_url)
        await database.open()
        try:
            return await database.run_maintenance()
        finally:
            await database.close()

    # cleanup_stuck_conversations waits 1.5 s on the lock: five times the timeout.
    with table_locked(database_url, "webhook_conversations", seconds=1.5):
        summary = asyncio.run(maintain())
    assert "cleanup_stuck_conversations" in summary


def test_the_timeout_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://x@127.0.0.1/x")
    assert Config.from_env().statement_timeout_ms == 30_000
    monkeypatch.setenv("WAHOOK_STATEMENT_TIMEOUT_MS", "2500")
    assert Config.from_env().statement_timeout_ms == 2500
    monkeypatch.setenv("WAHOOK_STATEMENT_TIMEOUT_MS", "soon")
    with pytest.raises(ConfigError, match="WAHOOK_STATEMENT_TIMEOUT_MS"):
        Config.from_env()
    # Not finite: a clear error, not an OverflowError from int() or a NaN that passes "at least".
    monkeypatch.setenv("WAHOOK_STATEMENT_TIMEOUT_MS", "inf")
    with pytest.raises(ConfigError, match="WAHOOK_STATEMENT_TIMEOUT_MS must be a finite number"):
        Config.from_env()
    monkeypatch.setenv("WAHOOK_STATEMENT_TIMEOUT_MS", "2500")
    monkeypatch.setenv("WAHOOK_KEEPALIVE_SECONDS", "nan")
    with pytest.raises(ConfigError, match="WAHOOK_KEEPALIVE_SECONDS must be a finite number"):
        Config.from_env()

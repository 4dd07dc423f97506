"""Alerts against a fake receiver on 127.0.0.1: one POST when a check turns critical and one when it
recovers, from one instance of several, retried after a failed POST, and the URL never logged."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator
from typing import Any

import httpx
import psycopg
import pytest

from tests.fake_alert_receiver import AlertReceiver, running_receiver
from wahook.config import AlertConfig, ConfigError
from wahook.db import Database
from wahook.db.alerts import Transition
from wahook.work.alerts import notify_once, run_alert_loop

# The key wahook.claim_alert_transitions() locks (db/functions/api/claim_alert_transitions.sql).
ALERT_LOCK_KEY = 8602271591074324844


@pytest.fixture
def receiver() -> Iterator[tuple[AlertReceiver, str]]:
    with running_receiver() as served:
        yield served


@pytest.fixture
def critical(conn: psycopg.Connection[Any]) -> psycopg.Connection[Any]:
    """One stuck conversation with the threshold at 0: stuck_conversations is critical."""
    conn.execute("""select wahook.update_settings('{"health_max_stuck_conversations": 0}')""")
    conn.execute("select tests.health_conversation('stuck-1', 'pending', now() - interval '20 minutes')")
    return conn


def recover(conn: psycopg.Connection[Any]) -> None:
    conn.execute("""select wahook.update_settings('{"health_max_stuck_conversations": 5}')""")


async def ticks(database_url: str, url: str, instances: int, rounds: int) -> list[list[Transition]]:
    """`rounds` ticks of `instances` instances (each its own pool), the instances of a round at once."""
    databases = [Database(database_url, max_size=2) for _ in range(instances)]
    for database in databases:
        await database.open()
    try:
        async with httpx.AsyncClient(timeout=5) as http:
            results: list[list[Transition]] = []
            for _ in range(rounds):
                results += await asyncio.gather(*(notify_once(db, http, url) for db in databases))
            return results
    finally:
        for database in databases:
            await database.close()


def test_turning_critical_is_announced_once_by_one_of_three_instances(
    database_url: str, critical: psycopg.Connection[Any], receiver: tuple[AlertReceiver, str]
) -> None:
    fake, url = receiver
    results = asyncio.run(ticks(database_url, url, instances=3, rounds=3))

    assert sum(len(r) for r in results) == 1
    [text] = fake.texts()
    assert text.startswith(":rotating_light: wahook: stuck_conversations is CRITICAL (value 1, threshold 0)")
    assert "1 conversation(s) ready but unclaimed" in text


def test_recovery_is_announced_once_then_nothing_more(
    database_url: str, critical: psycopg.Connection[Any], receiver: tuple[AlertReceiver, str]
) -> None:
    fake, url = receiver
    asyncio.run(ticks(database_url, url, instances=2, rounds=1))
    recover(critical)
    asyncio.run(ticks(database_url, url, instances=2, rounds=3))

    texts = fake.texts()
    assert len(texts) == 2
    assert texts[1].startswith(
        ":white_check_mark: wahook: stuck_conversations recovered (now warn; value 1, threshold 5)"
    )
    stored = critical.execute(
        "select check_name, notified_status from wahook_private.alert_states"
    ).fetchall()
    assert stored == [("stuck_conversations", "warn")]


def test_an_instance_sends_nothing_while_another_holds_the_lock(
    database_url: str, critical: psycopg.Connection[Any], receiver: tuple[AlertReceiver, str]
) -> None:
    fake, url = receiver
    with psycopg.connect(database_url) as holder:
        holder.execute("select pg_advisory_xact_lock(%s)", (ALERT_LOCK_KEY,))
        assert asyncio.run(ticks(database_url, url, instances=1, rounds=1)) == [[]]
        assert fake.texts() == []
        holder.rollback()
    [[sent]] = asyncio.run(ticks(database_url, url, instances=1, rounds=1))
    assert (sent.check_name, sent.status) == ("stuck_conversations", "critical")
    assert len(fake.texts()) == 1


def test_a_failed_post_is_not_recorded_and_is_retried_on_the_next_tick(
    database_url: str, critical: psycopg.Connection[Any], receiver: tuple[AlertReceiver, str]
) -> None:
    fake, url = receiver
    fake.fail_next(1)
    assert asyncio.run(ticks(database_url, url, instances=1, rounds=1)) == [[]]
    assert (fake.refused, fake.texts()) == (1, [])
    assert critical.execute("select count(*) from wahook_private.alert_states").fetchone() == (0,)

    assert len(asyncio.run(ticks(database_url, url, instances=1, rounds=2))[0]) == 1
    assert len(fake.texts()) == 1


def test_unreachable_receiver_is_retried_and_the_url_never_logged(
    database_url: str, critical: psycopg.Connection[Any], caplog: pytest.LogCaptureFixture
) -> None:
    secret_url = "http://127.0.0.1:9/services/T000/B000/very-secret-token"
    caplog.set_level(logging.DEBUG)
    assert asyncio.run(ticks(database_url, secret_url, instances=1, rounds=2)) == [[], []]
    assert any(
        r.name == "wahook.work.alert_webhook" and "retried on the next check" in r.getMessage()
        for r in caplog.records
    )
    assert "very-secret-token" not in caplog.text
    assert "very-secret-token" not in repr(AlertConfig(webhook_url=secret_url))


def test_two_running_loops_announce_one_change_once(
    database_url: str, critical: psycopg.Connection[Any], receiver: tuple[AlertReceiver, str]
) -> None:
    fake, url = receiver
    fake.fail_next(1)  # the first try fails: the loops must retry it, and still announce once

    async def run() -> None:
        stop = asyncio.Event()
        databases = [Database(database_url, max_size=2) for _ in range(2)]
        for database in databases:
            await database.open()
        config = AlertConfig(webhook_url=url, interval_seconds=0.05)
        loops = [asyncio.create_task(run_alert_loop(db, stop, config)) for db in databases]
        try:
            deadline = time.monotonic() + 15
            while not fake.texts() and time.monotonic() < deadline:  # noqa: ASYNC110 - another thread's state
                await asyncio.sleep(0.05)
            await asyncio.sleep(0.5)  # several more ticks of both loops
        finally:
            stop.set()
            await asyncio.wait_for(asyncio.gather(*loops), timeout=10)
            for database in databases:
                await database.close()

    asyncio.run(run())
    assert fake.refused == 1
    assert len(fake.texts()) == 1


def test_without_a_url_the_loop_returns_at_once(database_url: str) -> None:
    async def run() -> None:
        database = Database(database_url, max_size=1)
        await database.open()
        try:
            await asyncio.wait_for(run_alert_loop(database, asyncio.Event(), AlertConfig()), timeout=5)
        finally:
            await database.close()

    asyncio.run(run())


def test_config_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WAHOOK_ALERT_WEBHOOK_URL", "http://127.0.0.1:1/hook")
    monkeypatch.setenv("WAHOOK_ALERT_INTERVAL_SECONDS", "15")
    config = AlertConfig.from_env()
    assert (config.webhook_url, config.interval_seconds) == ("http://127.0.0.1:1/hook", 15.0)
    monkeypatch.setenv("WAHOOK_ALERT_INTERVAL_SECONDS", "soon")
    with pytest.raises(ConfigError):
        AlertConfig.from_env()

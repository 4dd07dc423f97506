"""Retries from the worker's side: FIFO holds across failed turns, retry waits and lost leases, and
backoff and dead-lettering follow the settings as an operator changes them."""

from __future__ import annotations

from datetime import datetime, timedelta

import psycopg
from psycopg.types.json import Jsonb

from tests.work_support import add_message, attempts, claim, complete, fail, set_now, wamids
from wahook.db.turns import ClaimedTurn

T0 = datetime.fromisoformat("2026-06-01T12:00:00+00:00")


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def must_claim(conn: psycopg.Connection[tuple[object, ...]], worker: str) -> ClaimedTurn:
    turn = claim(conn, worker)
    assert turn is not None
    return turn


def test_fifo_holds_across_retries_and_lease_expiry(database_url: str) -> None:
    with (
        psycopg.connect(database_url, autocommit=True) as ingest,
        psycopg.connect(database_url, autocommit=True) as first,
        psycopg.connect(database_url, autocommit=True) as second,
    ):
        ingest.execute("select tests.without_jitter()")
        for conn in (ingest, first, second):
            set_now(conn, T0)

        add_message(ingest, "c1", "m1", at(0))
        turn = must_claim(first, "worker-1")
        assert wamids(turn) == ["m1"]
        add_message(ingest, "c1", "m2", at(1))  # arrives during the turn
        assert fail(first, turn).next_attempt_at == at(60)

        set_now(ingest, at(30))
        add_message(ingest, "c1", "m3", at(30))  # arrives during the retry wait
        set_now(second, at(30))
        assert claim(second, "worker-2") is None, "nothing overtakes the failed message"

        set_now(first, at(60))
        turn = must_claim(first, "worker-1")
        assert wamids(turn) == ["m1", "m2", "m3"]
        assert attempts(turn) == [2, 1, 1]

        set_now(ingest, at(90))
        add_message(ingest, "c1", "m4", at(90))  # arrives while the worker hangs
        set_now(second, at(60 + 121))  # the lease of worker-1 expired
        turn = must_claim(second, "worker-2")
        assert wamids(turn) == ["m1", "m2", "m3", "m4"], "the take-over keeps the order and adds the newcomer"
        assert attempts(turn) == [3, 2, 2, 1]
        assert complete(second, turn) is not None

        set_now(ingest, at(200))
        add_message(ingest, "c1", "m5", at(200))
        set_now(second, at(200))
        turn = must_claim(second, "worker-2")
        assert wamids(turn) == ["m5"]
        complete(second, turn)

        memory = ingest.execute(
            "select content from wahook_private.agent_contexts where role = 'user' order by id"
        ).fetchall()
        assert [row[0] for row in memory] == ["hello"] * 5
        order = ingest.execute(
            """
            select m.wamid from wahook_private.agent_contexts as a
            join wahook_private.processed_webhook_messages as m
                on m.conversation_id = a.conversation_id and m.id = a.message_id
            order by a.id
            """
        ).fetchall()
        assert [row[0] for row in order] == ["m1", "m2", "m3", "m4", "m5"], "answered once each, in order"


def test_backoff_and_dead_lettering_follow_the_settings(database_url: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(
            "select wahook.update_settings(%s)",
            (Jsonb({"retry_max_attempts": 2, "retry_base_seconds": 10, "retry_jitter_ratio": 0}),),
        )
        set_now(conn, T0)
        add_message(conn, "c1", "m1", at(0))

        now = T0
        delays: list[timedelta] = []
        outcomes: list[str] = []
        while True:
            turn = must_claim(conn, "worker-1")
            failure = fail(conn, turn, code="http_503", message="provider down")
            outcomes.append(failure.outcome)
            if failure.next_attempt_at is None:
                break
            delays.append(failure.next_attempt_at - now)
            now = failure.next_attempt_at
            set_now(conn, now)

        assert delays == [timedelta(seconds=10), timedelta(seconds=20)], "base, then doubled"
        assert outcomes == ["retry_scheduled", "retry_scheduled", "dead"], (
            "dead after the first try and 2 retries"
        )
        dlq = conn.execute(
            "select status, attempt_count, jsonb_array_length(errors) from wahook_private.webhook_dlq"
        ).fetchone()
        assert dlq == ("dead", 3, 3)
        state = conn.execute("select state from wahook_private.webhook_conversations").fetchone()
        assert state == ("idle",)


def test_jitter_spreads_retries_within_the_ratio(database_url: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(
            "select wahook.update_settings(%s)",
            (Jsonb({"retry_base_seconds": 100, "retry_jitter_ratio": 0.5}),),
        )
        set_now(conn, T0)
        delays: set[float] = set()
        for i in range(20):
            add_message(conn, f"c{i}", f"m{i}", at(0))
            turn = must_claim(conn, "worker-1")
            failure = fail(conn, turn)
            assert failure.next_attempt_at is not None
            delays.add((failure.next_attempt_at - T0).total_seconds())
        assert all(50 <= d <= 150 for d in delays)
        assert len(delays) > 1, "the delays are spread"

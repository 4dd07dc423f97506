"""The inbox under concurrency, each party on its own connection: receivers storing bodies, an
ingester draining them and process_message delivering the same wamids directly, all at once, end
with every wamid stored exactly once and no deadlock; a second ingest_inbox returns zeros while one
runs; a transient error (a lock timeout) fails the call and leaves the bodies queued."""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Callable
from typing import Any

import psycopg
import pytest

from tests.ingest_support import process_message, run_together
from tests.webhook_bodies import status_update, text_message

CUSTOMERS = 20
WAMIDS = 300


def receive(conn: psycopg.Connection[Any], bodies: list[dict[str, Any]]) -> None:
    row = conn.execute(
        "select count(*) from wahook.receive_webhooks(%s::bytea[]) where error_sqlstate is not null",
        ([json.dumps(body).encode() for body in bodies],),
    ).fetchone()
    assert row == (0,)


def ingest(conn: psycopg.Connection[Any], limit: int = 100) -> tuple[int, int, int, int]:
    row = conn.execute("select * from wahook.ingest_inbox(%s)", (limit,)).fetchone()
    assert row is not None
    return (row[0], row[1], row[2], row[3])


def test_receivers_ingesters_and_process_message_together_store_every_wamid_once(
    database_url: str, conn: psycopg.Connection[Any]
) -> None:
    # Each wamid is delivered twice through the inbox and once directly, in shuffled orders, with
    # statuses of replies that do not exist (unmatched) mixed in, over a few conversations, so that
    # the parties keep meeting on the same conversation rows and wamid locks.
    messages = [text_message(f"1555{n % CUSTOMERS:04d}", f"wamid.race{n}", f"m{n}") for n in range(WAMIDS)]
    statuses = [
        status_update(f"1555{n % CUSTOMERS:04d}", f"wamid.out{n % 7}", ("sent", "delivered", "read")[n % 3])
        for n in range(60)
    ]
    rng = random.Random(8)  # noqa: S311 (a fixed, reproducible order, not a secret)
    streams = []
    for _ in range(3):
        stream = messages + statuses
        rng.shuffle(stream)
        streams.append(stream)
    receiving = threading.Event()
    receivers_left = [2]
    lock = threading.Lock()

    def receiver(stream: list[dict[str, Any]]) -> Callable[[psycopg.Connection[Any]], None]:
        def job(c: psycopg.Connection[Any]) -> None:
            for start in range(0, len(stream), 7):
                receive(c, stream[start : start + 7])
            with lock:
                receivers_left[0] -= 1
                if receivers_left[0] == 0:
                    receiving.set()

        return job

    def direct(c: psycopg.Connection[Any]) -> None:
        for body in streams[2]:
            process_message(c, body)

    def ingester(c: psycopg.Connection[Any]) -> None:
        while True:
            done = receiving.is_set()
            ingest(c, 50)
            if done and ingest(c, 50)[0] == 0:
                return
            time.sleep(0.001)

    run_together(database_url, [receiver(streams[0]), receiver(streams[1]), direct, ingester, ingester], 180)
    while ingest(conn, 500)[0]:
        pass

    assert conn.execute(
        "select count(*), count(distinct wamid) from wahook_private.processed_webhook_messages"
    ).fetchone() == (WAMIDS, WAMIDS), "every wamid once"
    assert conn.execute("select count(*) from wahook_private.webhook_inbox").fetchone() == (0,), (
        "nothing failed or stayed behind"
    )
    assert conn.execute(
        "select count(*), sum(duplicate_count) from wahook_private.webhook_events where item_count = 1"
        " and payload #> '{entry,0,changes,0,value,messages}' is not null"
    ).fetchone() == (3 * WAMIDS, 2 * WAMIDS), "every delivery kept raw, two of three duplicates"
    distinct_statuses = len({(n % CUSTOMERS, n % 7, n % 3) for n in range(60)})
    assert conn.execute(
        "select count(*), count(distinct (conversation_id, wamid, status))"
        " from wahook_private.outbound_status_events"
    ).fetchone() == (distinct_statuses, distinct_statuses), (
        "each (wamid, status) of a conversation stored once"
    )
    queued = conn.execute(
        "select count(*) from wahook_private.conversation_state_transitions where to_state = 'pending'"
    ).fetchone()
    assert queued == (CUSTOMERS,), "each conversation became pending once"


def test_a_second_ingest_inbox_returns_zeros_while_one_runs(
    database_url: str, conn: psycopg.Connection[Any]
) -> None:
    receive(conn, [text_message("15550001", f"wamid.{n}", "x") for n in range(3)])
    with psycopg.connect(database_url) as first, psycopg.connect(database_url, autocommit=True) as second:
        assert ingest(first, 2) == (2, 2, 2, 0)
        # first's transaction is still open: it holds the ingester lock.
        assert ingest(second) == (0, 0, 0, 0)
        first.commit()
        assert ingest(second) == (1, 1, 1, 0)


def test_a_lock_timeout_fails_the_call_and_leaves_the_bodies_queued(
    database_url: str, conn: psycopg.Connection[Any]
) -> None:
    process_message(conn, text_message("15550001", "wamid.first", "x"))
    receive(
        conn, [text_message("15550001", "wamid.second", "y"), text_message("15550002", "wamid.third", "z")]
    )
    with psycopg.connect(database_url) as holder, psycopg.connect(database_url, autocommit=True) as ingester:
        holder.execute(
            "select 1 from wahook_private.webhook_conversations where customer_id = '15550001' for update"
        )
        ingester.execute("set lock_timeout = '200ms'")
        with pytest.raises(psycopg.errors.LockNotAvailable):
            ingest(ingester)
        holder.rollback()
        assert conn.execute(
            "select count(*), count(failed_at) from wahook_private.webhook_inbox"
        ).fetchone() == (2, 0), "both bodies wait, neither is marked failed"
        assert ingest(ingester) == (2, 2, 2, 0)

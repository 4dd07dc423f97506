"""Concurrent workers, each on its own connection: a conversation is held by at most one of them,
and every conversation is claimed and completed exactly once."""

from __future__ import annotations

import threading

import psycopg

from tests.work_support import (
    assert_each_claimed_once,
    claim,
    complete,
    run_workers,
    seed_conversations,
    wamids,
)
from wahook.db.turns import ClaimedTurn

WORKERS = 8
CONVERSATIONS = 1000


def test_concurrent_claims_never_share_a_conversation(database_url: str) -> None:
    seed_conversations(database_url, CONVERSATIONS)
    turns: list[tuple[str, ClaimedTurn]] = []
    lock = threading.Lock()

    def work(conn: psycopg.Connection[tuple[object, ...]], worker: str) -> None:
        while (turn := claim(conn, worker)) is not None:
            with lock:
                turns.append((worker, turn))
            complete(conn, turn, reply=f"reply to {wamids(turn)[0]}")

    assert run_workers(database_url, WORKERS, work) == []

    assert_each_claimed_once(turns, CONVERSATIONS)

    with psycopg.connect(database_url, autocommit=True) as conn:
        states = conn.execute(
            "select state, count(*) from wahook_private.webhook_conversations group by state"
        ).fetchall()
        assert states == [("idle", CONVERSATIONS)]
        statuses = conn.execute(
            "select status, count(*) from wahook_private.processed_webhook_messages group by status"
        ).fetchall()
        assert statuses == [("completed", CONVERSATIONS)]
        replies = conn.execute(
            "select count(*), count(distinct conversation_id) from wahook_private.outbound_messages"
        ).fetchone()
        assert replies == (CONVERSATIONS, CONVERSATIONS), "one reply per conversation"


def test_an_uncommitted_claim_holds_its_conversation_without_blocking_others(database_url: str) -> None:
    with (
        psycopg.connect(database_url) as first,
        psycopg.connect(database_url, autocommit=True) as second,
    ):
        first.execute("select tests.add_message('100000001', 'c1', 'wamid.1', now())")
        first.execute("select tests.add_message('100000001', 'c2', 'wamid.2', now())")
        first.commit()

        held = claim(first, "worker-1")  # transaction left open: the row stays locked
        assert held is not None
        second.execute("set lock_timeout = '2s'")
        other = claim(second, "worker-2")
        assert other is not None, "the second worker does not wait for the first"
        assert other.conversation_id != held.conversation_id
        assert claim(second, "worker-2") is None, "and never takes the held one"
        first.commit()
        assert claim(second, "worker-2") is None, "once committed, it is processing under the first lease"

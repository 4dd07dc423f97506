"""Concurrent batch claims (wahook.claim_conversations), each worker on its own connection and
completing its turns with wahook.complete_turns: a conversation is held by at most one of them,
every message is answered exactly once, and a conversation's messages are answered in order even
while new ones keep arriving."""

from __future__ import annotations

import threading
from typing import Any

import psycopg
from psycopg.rows import class_row
from psycopg.types.json import Jsonb

from tests.work_support import add_message, assert_each_claimed_once, run_workers, seed_conversations, wamids
from wahook.db.turns import (
    CLAIM_CONVERSATIONS,
    CLAIMED_TURN,
    COMPLETE_TURNS,
    ClaimedTurn,
    CompletedRow,
    TurnCompletion,
)

WORKERS = 4
CONVERSATIONS = 200
BATCH = 16


def claim_many(conn: psycopg.Connection[Any], worker: str, limit: int = BATCH) -> list[ClaimedTurn]:
    params = {"worker": worker, "limit": limit, "lease_seconds": None, "history_budget": None}
    with conn.cursor(row_factory=CLAIMED_TURN) as cur:
        return cur.execute(CLAIM_CONVERSATIONS, params).fetchall()


def complete_many(conn: psycopg.Connection[Any], turns: list[ClaimedTurn]) -> list[str | None]:
    batch = [
        TurnCompletion(t, "re: " + ", ".join(wamids(t)), 1, {m.id: 1 for m in t.messages}, {}, None).as_json()
        for t in turns
    ]
    with conn.cursor(row_factory=class_row(CompletedRow)) as cur:
        return [row.error_sqlstate for row in cur.execute(COMPLETE_TURNS, {"turns": Jsonb(batch)})]


def test_concurrent_batch_claims_never_share_a_conversation(database_url: str) -> None:
    seed_conversations(database_url, CONVERSATIONS)

    turns: list[tuple[str, ClaimedTurn]] = []
    lock = threading.Lock()

    def work(conn: psycopg.Connection[Any], worker: str) -> None:
        while batch := claim_many(conn, worker):
            with lock:
                turns.extend((worker, turn) for turn in batch)
            assert complete_many(conn, batch) == [None] * len(batch), "every turn of the batch completes"

    assert run_workers(database_url, WORKERS, work) == []
    assert_each_claimed_once(turns, CONVERSATIONS)

    with psycopg.connect(database_url, autocommit=True) as conn:
        assert conn.execute(
            "select state, count(*) from wahook_private.webhook_conversations group by state"
        ).fetchall() == [("idle", CONVERSATIONS)]
        assert conn.execute(
            "select count(*), count(distinct conversation_id) from wahook_private.outbound_messages"
        ).fetchone() == (CONVERSATIONS, CONVERSATIONS), "one reply per conversation"


def test_messages_arriving_during_batches_are_answered_once_and_in_order(database_url: str) -> None:
    customers = [f"c{i}" for i in range(20)]
    per_customer = 15
    arrived = threading.Event()

    def arrive() -> None:
        with psycopg.connect(database_url, autocommit=True) as conn:
            for n in range(per_customer):
                for customer in customers:
                    # The WhatsApp timestamp orders them: later n, later message.
                    add_message(conn, customer, f"wamid.{customer}.{n:02}", f"2026-06-01 12:00:{n:02}+00")
        arrived.set()

    def work(conn: psycopg.Connection[Any], worker: str) -> None:
        # Every turn may start at once: the test is about order, not the rate limit.
        conn.execute("update wahook_private.settings set agent_turns_per_minute = 1000000")
        idle_rounds = 0
        while idle_rounds < 3:
            batch = claim_many(conn, worker, 4)
            if batch:
                complete_many(conn, batch)
                idle_rounds = 0
            elif arrived.is_set():
                idle_rounds += 1

    feeder = threading.Thread(target=arrive)
    feeder.start()
    errors = run_workers(database_url, WORKERS, work)
    feeder.join(timeout=300)
    assert errors == []

    with psycopg.connect(database_url, autocommit=True) as conn:
        assert conn.execute(
            "select status, count(*) from wahook_private.processed_webhook_messages group by status"
        ).fetchall() == [("completed", len(customers) * per_customer)], "every message answered"
        assert (
            conn.execute(
                """
            select count(*), count(distinct message_id) from wahook_private.agent_contexts where role = 'user'
            """
            ).fetchone()
            == (len(customers) * per_customer,) * 2
        ), "each exactly once"
        for customer in customers:
            remembered = [
                row[0]
                for row in conn.execute(
                    """
                    select content from wahook_private.agent_contexts
                    where conversation_id = tests.conversation_of('100000001', %s) and role = 'assistant'
                    order by id
                    """,
                    (customer,),
                ).fetchall()
            ]
            answered = [w for reply in remembered for w in reply.removeprefix("re: ").split(", ")]
            assert answered == [f"wamid.{customer}.{n:02}" for n in range(per_customer)], "in order"


def test_an_uncommitted_batch_claim_holds_its_conversations_without_blocking_others(
    database_url: str,
) -> None:
    with (
        psycopg.connect(database_url) as first,
        psycopg.connect(database_url, autocommit=True) as second,
    ):
        for n in range(4):
            first.execute("select tests.add_message('100000001', %s, %s, now())", (f"c{n}", f"wamid.{n}"))
        first.commit()

        held = claim_many(first, "worker-1", 2)  # transaction left open: the rows stay locked
        assert len(held) == 2
        second.execute("set lock_timeout = '2s'")
        other = claim_many(second, "worker-2", 10)
        assert len(other) == 2, "the second worker takes the rest without waiting for the first"
        assert {t.conversation_id for t in other}.isdisjoint(t.conversation_id for t in held)
        first.commit()
        assert claim_many(second, "worker-2", 10) == [], "once committed, they are the first's"

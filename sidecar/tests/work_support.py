"""The work-side SQL API (claim, heartbeat, complete, fail) on plain connections, for the race
tests (each test connection is its own worker), with the sidecar's own SQL and rows
(wahook.db.turns); and the work fixtures (db/tests/fixtures/work.sql)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import class_row

from wahook.db.turns import (
    CLAIM_CONVERSATION,
    CLAIMED_TURN,
    COMPLETE_TURN,
    FAIL_TURN,
    HEARTBEAT,
    ClaimedTurn,
    LeaseExpiry,
    Outbox,
    TurnCompletion,
    TurnFailure,
    completion_params,
    failure_params,
)

Conn = psycopg.Connection[Any]

PHONE_NUMBER_ID = "100000001"

ADD_MESSAGE = """
select tests.add_message(%(phone_number_id)s, %(customer)s, %(wamid)s, %(wa_timestamp)s, %(text)s) as id
"""


@dataclass(frozen=True)
class Id:
    id: int


def wamids(turn: ClaimedTurn) -> list[str]:
    return [m.wamid for m in turn.messages]


def attempts(turn: ClaimedTurn) -> list[int]:
    return [m.attempt for m in turn.messages]


def set_now(conn: Conn, now: datetime | str | None) -> None:
    """Moves this session's engine clock (wahook.now); None gives it back to now()."""
    value = "" if now is None else str(now)
    conn.execute("select set_config('wahook.now', %s, false)", (value,))


def add_message(
    conn: Conn, customer: str, wamid: str, wa_timestamp: datetime | str, text: str = "hello"
) -> int:
    with conn.cursor(row_factory=class_row(Id)) as cur:
        row = cur.execute(
            ADD_MESSAGE,
            {
                "phone_number_id": PHONE_NUMBER_ID,
                "customer": customer,
                "wamid": wamid,
                "wa_timestamp": wa_timestamp,
                "text": text,
            },
        ).fetchone()
    assert row is not None
    return row.id


def claim(conn: Conn, worker: str, lease_seconds: int | None = None) -> ClaimedTurn | None:
    params = {"worker": worker, "lease_seconds": lease_seconds}
    with conn.cursor(row_factory=CLAIMED_TURN) as cur:
        return cur.execute(CLAIM_CONVERSATION, params).fetchone()


def complete(conn: Conn, turn: ClaimedTurn, reply: str | None = "ok", reply_tokens: int = 1) -> int | None:
    completion = TurnCompletion(turn, reply, reply_tokens, {m.id: 1 for m in turn.messages}, {}, None)
    with conn.cursor(row_factory=class_row(Outbox)) as cur:
        row = cur.execute(COMPLETE_TURN, completion_params(completion)).fetchone()
    assert row is not None
    return row.outbox_id


def fail(
    conn: Conn, turn: ClaimedTurn, code: str = "timeout", message: str = "slow", retryable: bool = True
) -> TurnFailure:
    params = failure_params(turn, code, message, retryable=retryable, correlation_id=None)
    with conn.cursor(row_factory=class_row(TurnFailure)) as cur:
        row = cur.execute(FAIL_TURN, params).fetchone()
    assert row is not None
    return row


def heartbeat(conn: Conn, turn: ClaimedTurn) -> datetime:
    params = {"conversation_id": turn.conversation_id, "lease_token": turn.lease_token, "lease_seconds": None}
    with conn.cursor(row_factory=class_row(LeaseExpiry)) as cur:
        row = cur.execute(HEARTBEAT, params).fetchone()
    assert row is not None
    return row.lease_expires_at


def seed_conversations(database_url: str, count: int) -> None:
    """`count` conversations with one pending message each (customers c1..c<count>)."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(
            """
            select tests.add_message('100000001', 'c' || g, 'wamid.' || g, now(), 'message ' || g)
            from generate_series(1, %s) as g
            """,
            (count,),
        )


def run_workers(database_url: str, workers: int, work: Callable[[Conn, str], None]) -> list[BaseException]:
    """Runs `work(conn, worker_name)` in `workers` threads, each on its own connection, all starting
    together; the exceptions they raised."""
    errors: list[BaseException] = []
    start = threading.Barrier(workers)

    def guarded(worker: str) -> None:
        try:
            with psycopg.connect(database_url, autocommit=True) as conn:
                start.wait()
                work(conn, worker)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=guarded, args=(f"worker-{i}",)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a worker hung"
    return errors


def assert_each_claimed_once(turns: list[tuple[str, ClaimedTurn]], conversations: int) -> None:
    """What concurrent workers must guarantee: every conversation claimed, none twice, each claim
    with its own lease token, and the work shared between workers."""
    claimed = Counter(turn.conversation_id for _, turn in turns)
    assert len(claimed) == conversations, "every conversation is claimed"
    assert set(claimed.values()) == {1}, "none twice"
    assert len({turn.lease_token for _, turn in turns}) == conversations, "every claim has its own token"
    assert len({worker for worker, _ in turns}) > 1, "the work was shared between workers"

"""The work-side SQL API (claim, heartbeat, complete, fail) on plain connections, for the race
tests (each test connection is its own worker), with the sidecar's own SQL and rows
(wahook.db.turns); and the work fixtures (db/tests/fixtures/work.sql)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import class_row
from psycopg.types.json import Jsonb

from wahook.db.turns import (
    CLAIM_CONVERSATION,
    CLAIMED_TURN,
    COMPLETE_TURN,
    FAIL_TURN,
    HEARTBEAT,
    ClaimedTurn,
    LeaseExpiry,
    Outbox,
    TurnFailure,
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


def message_tokens(turn: ClaimedTurn) -> dict[str, int]:
    """One token per message, as complete_turn(s) takes them."""
    return {str(m.id): 1 for m in turn.messages}


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
    params = {
        "conversation_id": turn.conversation_id,
        "lease_token": turn.lease_token,
        "reply_text": reply,
        "reply_tokens": reply_tokens,
        "message_tokens": Jsonb(message_tokens(turn)),
        "usage": Jsonb({}),
        "correlation_id": None,
    }
    with conn.cursor(row_factory=class_row(Outbox)) as cur:
        row = cur.execute(COMPLETE_TURN, params).fetchone()
    assert row is not None
    return row.outbox_id


def fail(
    conn: Conn, turn: ClaimedTurn, code: str = "timeout", message: str = "slow", retryable: bool = True
) -> TurnFailure:
    params = {
        "conversation_id": turn.conversation_id,
        "lease_token": turn.lease_token,
        "code": code,
        "message": message,
        "retryable": retryable,
        "correlation_id": None,
    }
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

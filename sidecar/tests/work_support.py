"""Typed calls of the work-side SQL API (claim, heartbeat, complete, fail) and of the work fixtures
(db/tests/fixtures/work.sql) for the race tests: each test connection is its own worker."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import class_row
from psycopg.types.json import Jsonb

Conn = psycopg.Connection[Any]

PHONE_NUMBER_ID = "100000001"

CLAIM = """
select conversation_id, lease_token, lease_expires_at, phone_number_id, customer_id, customer_wa_id,
    customer_user_id, last_inbound_at, messages
from wahook.claim_conversation(%(worker)s, %(lease_seconds)s)
"""
COMPLETE = """
select wahook.complete_turn(%(conversation_id)s, %(lease_token)s, %(reply)s, %(reply_tokens)s,
    %(message_tokens)s) as outbox_id
"""
FAIL = """
select outcome, next_attempt_at
from wahook.fail_turn(%(conversation_id)s, %(lease_token)s, %(code)s, %(message)s, %(retryable)s)
"""
HEARTBEAT = "select wahook.heartbeat(%(conversation_id)s, %(lease_token)s) as lease_expires_at"
ADD_MESSAGE = """
select tests.add_message(%(phone_number_id)s, %(customer)s, %(wamid)s, %(wa_timestamp)s, %(text)s) as id
"""


@dataclass(frozen=True)
class Claim:
    conversation_id: int
    lease_token: int
    lease_expires_at: datetime
    phone_number_id: str
    customer_id: str
    customer_wa_id: str | None
    customer_user_id: str | None
    last_inbound_at: datetime | None
    messages: list[dict[str, Any]]

    @property
    def wamids(self) -> list[str]:
        return [str(m["wamid"]) for m in self.messages]

    @property
    def attempts(self) -> list[int]:
        return [int(m["attempt"]) for m in self.messages]


@dataclass(frozen=True)
class Failure:
    outcome: str
    next_attempt_at: datetime | None


@dataclass(frozen=True)
class Id:
    id: int


@dataclass(frozen=True)
class Outbox:
    outbox_id: int | None


@dataclass(frozen=True)
class Expiry:
    lease_expires_at: datetime


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


def claim(conn: Conn, worker: str, lease_seconds: int | None = None) -> Claim | None:
    with conn.cursor(row_factory=class_row(Claim)) as cur:
        return cur.execute(CLAIM, {"worker": worker, "lease_seconds": lease_seconds}).fetchone()


def complete(conn: Conn, turn: Claim, reply: str | None = "ok", reply_tokens: int = 1) -> int | None:
    tokens = {str(m["id"]): 1 for m in turn.messages}
    with conn.cursor(row_factory=class_row(Outbox)) as cur:
        row = cur.execute(
            COMPLETE,
            {
                "conversation_id": turn.conversation_id,
                "lease_token": turn.lease_token,
                "reply": reply,
                "reply_tokens": reply_tokens,
                "message_tokens": Jsonb(tokens),
            },
        ).fetchone()
    assert row is not None
    return row.outbox_id


def fail(
    conn: Conn, turn: Claim, code: str = "timeout", message: str = "slow", retryable: bool = True
) -> Failure:
    with conn.cursor(row_factory=class_row(Failure)) as cur:
        row = cur.execute(
            FAIL,
            {
                "conversation_id": turn.conversation_id,
                "lease_token": turn.lease_token,
                "code": code,
                "message": message,
                "retryable": retryable,
            },
        ).fetchone()
    assert row is not None
    return row


def heartbeat(conn: Conn, turn: Claim) -> datetime:
    with conn.cursor(row_factory=class_row(Expiry)) as cur:
        row = cur.execute(
            HEARTBEAT, {"conversation_id": turn.conversation_id, "lease_token": turn.lease_token}
        ).fetchone()
    assert row is not None
    return row.lease_expires_at

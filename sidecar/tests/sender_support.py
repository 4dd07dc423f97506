"""The sender's side of the tests: replies queued with the outbox fixtures (db/tests/fixtures/
outbox.sql), read back as typed rows, and sender rounds run on a fresh pool against a Graph API
stand-in."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg.conninfo import make_conninfo
from psycopg.rows import class_row
from psycopg_pool import AsyncConnectionPool

from wahook.outbox.graph import GraphClient
from wahook.outbox.sender import Sender

Conn = psycopg.Connection[tuple[Any, ...]]

TOKEN = "EAAG-sender-test-token"
# The business number of tests.outbox_conversation's conversations, by default.
PHONE_NUMBER_ID = "100000003"


@dataclass(frozen=True)
class Reply:
    id: int
    status: str
    wamid: str | None
    attempt_count: int
    next_attempt_at: datetime
    errors: list[dict[str, Any]]
    sender: str | None
    failed_at: datetime | None


def conversation(conn: Conn, customer: str, last_inbound_at: datetime | None = None) -> int:
    row = conn.execute("select tests.outbox_conversation(%s, %s)", (customer, last_inbound_at)).fetchone()
    assert row is not None
    return int(row[0])


def queue_reply(conn: Conn, conversation_id: int, text: str, correlation_id: str | None = None) -> int:
    row = conn.execute(
        "select tests.outbox_reply(%s, %s, p_correlation_id => %s)", (conversation_id, text, correlation_id)
    ).fetchone()
    assert row is not None
    return int(row[0])


def reply(conn: Conn, reply_id: int) -> Reply:
    with conn.cursor(row_factory=class_row(Reply)) as cur:
        cur.execute(
            "select id, status, wamid, attempt_count, next_attempt_at, errors, sender, failed_at "
            "from wahook_private.outbound_messages where id = %s",
            (reply_id,),
        )
        row = cur.fetchone()
    assert row is not None
    return row


def at(moment: datetime) -> str:
    """Pool connections whose engine clock (wahook.now) is `moment`."""
    return f"-c wahook.now={moment.astimezone(UTC).isoformat()}"


def run_sender(
    database_url: str,
    base_url: str,
    *,
    now: datetime | None = None,
    timeout: float = 5.0,
    rounds: int = 1,
) -> list[int]:
    """`rounds` sender rounds on a fresh pool against the Graph API at `base_url`; returns how many
    replies each round claimed."""
    url = make_conninfo(database_url, options=at(now)) if now else database_url

    async def go() -> list[int]:
        pool = AsyncConnectionPool(url, min_size=1, max_size=4, open=False, kwargs={"autocommit": True})
        await pool.open()
        try:
            async with GraphClient(base_url, TOKEN, timeout) as client:
                sender = Sender(pool, client, sender_id="sender-test")
                return [await sender.run_once(10) for _ in range(rounds)]
        finally:
            await pool.close()

    return asyncio.run(go())

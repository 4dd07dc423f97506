"""Human handoff's SQL: a person's reply, the resume, the paused conversations, the handoff alerts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psycopg import AsyncConnection, Connection
from psycopg.rows import TupleRow, class_row, scalar_row

from wahook.db.pool import Pool, fetch_one

SEND_HUMAN_REPLY = "select wahook.send_human_reply(%(conversation_id)s, %(text)s, %(author)s)"
RESUME_CONVERSATION = "select wahook.resume_conversation(%(conversation_id)s, %(discard_pending)s, %(actor)s)"
PAUSED_CONVERSATIONS = """
select conversation_id::text as conversation_id, kind, reason, paused_at, last_human_at, pending_count
from wahook.paused_conversations(%(limit)s)
"""
CLAIM_HANDOFF_ALERTS = """
select conversation_id, alert_id, phone_number_id, customer_id, profile_name, reason, created_at
from wahook.claim_handoff_alerts()
"""
RECORD_HANDOFF_ALERT_SENT = "select wahook.record_handoff_alert_sent(%(conversation_id)s, %(alert_id)s)"


@dataclass(frozen=True)
class HandoffAlert:
    conversation_id: int
    alert_id: int
    phone_number_id: str
    customer_id: str
    profile_name: str | None
    reason: str
    created_at: datetime


def reply_params(conversation_id: int, text: str, author: str) -> dict[str, Any]:
    return {"conversation_id": conversation_id, "text": text, "author": author}


def resume_params(conversation_id: int, actor: str, discard_pending: bool) -> dict[str, Any]:
    return {"conversation_id": conversation_id, "discard_pending": discard_pending, "actor": actor}


# `wahook reply` runs both in one transaction of its own connection; the dashboard, on the pool.


def send_human_reply(conn: Connection[TupleRow], conversation_id: int, text: str, author: str) -> int:
    """Queues a person's reply; returns its outbox id. Raises the registry's errors (wahook.errors)."""
    with conn.cursor(row_factory=scalar_row) as cur:
        outbox_id = cur.execute(SEND_HUMAN_REPLY, reply_params(conversation_id, text, author)).fetchone()
        assert isinstance(outbox_id, int)
        return outbox_id


def resume_conversation(
    conn: Connection[TupleRow], conversation_id: int, actor: str, discard_pending: bool = False
) -> str:
    """Resumes a paused conversation; returns its new state (pending or idle)."""
    params = resume_params(conversation_id, actor, discard_pending)
    with conn.cursor(row_factory=scalar_row) as cur:
        state = cur.execute(RESUME_CONVERSATION, params).fetchone()
        assert isinstance(state, str)
        return state


async def reply_as_person(database: Pool, conversation_id: int, text: str, author: str) -> int:
    """send_human_reply from the dashboard; raises as it does, and DatabaseUnavailable."""
    params = reply_params(conversation_id, text, author)
    outbox_id = await fetch_one(database.pool, scalar_row, SEND_HUMAN_REPLY, params)
    assert isinstance(outbox_id, int)
    return outbox_id


async def resume_for_agent(
    database: Pool, conversation_id: int, actor: str, discard_pending: bool = False
) -> str:
    """resume_conversation from the dashboard; raises ConversationNotPaused, ConversationNotFound."""
    params = resume_params(conversation_id, actor, discard_pending)
    state = await fetch_one(database.pool, scalar_row, RESUME_CONVERSATION, params)
    assert isinstance(state, str)
    return state


async def claim_handoff_alerts(conn: AsyncConnection[TupleRow]) -> list[HandoffAlert]:
    async with conn.cursor(row_factory=class_row(HandoffAlert)) as cur:
        await cur.execute(CLAIM_HANDOFF_ALERTS)
        return await cur.fetchall()


async def record_handoff_alert_sent(conn: AsyncConnection[TupleRow], alert: HandoffAlert) -> None:
    await conn.execute(
        RECORD_HANDOFF_ALERT_SENT, {"conversation_id": alert.conversation_id, "alert_id": alert.alert_id}
    )

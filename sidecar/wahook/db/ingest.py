"""Ingestion's SQL: the inbox (receive_webhooks, ingest_inbox) and the single-body process_message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psycopg.rows import class_row
from psycopg_pool import AsyncConnectionPool

from wahook.db.pool import fetch_all, fetch_one

# %b: the raw bodies travel as binary bytea, neither decoded in Python nor escaped on the wire.
RECEIVE_WEBHOOKS = """
select body_index, item_count, error_sqlstate, error_message
from wahook.receive_webhooks(%(bodies)b::bytea[], %(correlation_ids)s::text[])
"""
INGEST_INBOX = """
select body_count, item_count, accepted_count, failed_count, outcomes
from wahook.ingest_inbox(%(limit)s::integer)
"""
PROCESS_MESSAGE = """
select kind, external_id, conversation_id, outcome
from wahook.process_message(%(body)s::jsonb, %(correlation_id)s)
"""


@dataclass(frozen=True)
class Receipt:
    """One body's verdict: stored with item_count items, or refused with the SQLSTATE and reason."""

    body_index: int
    item_count: int | None
    error_sqlstate: str | None
    error_message: str | None


@dataclass(frozen=True)
class IngestSummary:
    body_count: int
    item_count: int
    accepted_count: int
    failed_count: int
    # Items by "kind:outcome" (message:accepted, status:applied, ...), as process_message reports them.
    outcomes: dict[str, int]


@dataclass(frozen=True)
class IngestRow:
    """One item of a body as process_message reports it."""

    kind: str
    external_id: str | None
    conversation_id: int | None
    outcome: str


async def receive_webhooks(
    pool: AsyncConnectionPool[Any], bodies: list[bytes], correlation_ids: list[str]
) -> list[Receipt]:
    """Stores the raw bodies in the inbox in one transaction; a verdict per body."""
    params = {"bodies": bodies, "correlation_ids": correlation_ids}
    return await fetch_all(pool, class_row(Receipt), RECEIVE_WEBHOOKS, params)


async def ingest_inbox(pool: AsyncConnectionPool[Any], limit: int) -> IngestSummary:
    return await fetch_one(pool, class_row(IngestSummary), INGEST_INBOX, {"limit": limit})

"""The outbox's SQL: claim the replies to send, record sends and failures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psycopg.rows import class_row
from psycopg.types.json import Jsonb
from psycopg_pool import AsyncConnectionPool

from wahook.db.pool import fetch_all, fetch_one, refusal

CLAIM_OUTBOUND_MESSAGES = """
select conversation_id, outbound_id, phone_number_id, recipient, body, attempt_count, correlation_id,
    refused_code
from wahook.claim_outbound_messages(%(sender)s::text, %(limit)s::integer, %(lease_seconds)s::integer)
"""

RECORD_OUTBOUND_SENTS = """
select conversation_id, outbound_id, status, error_sqlstate, error_message
from wahook.record_outbound_sents(%(sends)s::jsonb)
"""

RECORD_OUTBOUND_FAILURE = """
select status, attempt_count, next_attempt_at
from wahook.record_outbound_failure(
    %(conversation_id)s::bigint, %(outbound_id)s::bigint, %(sender)s::text, %(error_code)s::text,
    %(error_message)s::text, %(retryable)s::boolean, %(ambiguous)s::boolean
)
"""


@dataclass(frozen=True)
class OutboundMessage:
    """A claimed reply, as wahook.claim_outbound_messages returns it."""

    conversation_id: int
    outbound_id: int
    phone_number_id: str
    recipient: str
    body: dict[str, Any]
    attempt_count: int
    correlation_id: str | None
    # Set when the engine refused the reply in the claim (outside_customer_service_window: the
    # 24-hour window is closed and it is not a template): failed already, never to be sent.
    refused_code: str | None = None


# The claim's refused_code of an agent reply withheld because a person took the conversation over
# after it was queued: settled as withheld, never to be sent.
WITHHELD_FOR_HUMAN = "withheld_for_human"


@dataclass(frozen=True)
class SentRow:
    """A recorded send: the reply's status afterwards, or the error that refused it."""

    conversation_id: int
    outbound_id: int
    status: str | None
    error_sqlstate: str | None
    error_message: str | None


@dataclass(frozen=True)
class FailureOutcome:
    """What the engine made of a failed send: queued (with next_attempt_at), failed or unknown."""

    status: str
    attempt_count: int
    next_attempt_at: datetime | None


class Outbox:
    """The outbox's SQL API, one call per operation, on pooled autocommit connections."""

    def __init__(self, pool: AsyncConnectionPool[Any]) -> None:
        self.pool = pool

    async def claim(self, sender: str, limit: int, lease_seconds: int) -> list[OutboundMessage]:
        params = {"sender": sender, "limit": limit, "lease_seconds": lease_seconds}
        return await fetch_all(self.pool, class_row(OutboundMessage), CLAIM_OUTBOUND_MESSAGES, params)

    async def record_sents(self, sends: list[tuple[OutboundMessage, str]]) -> list[str | Exception]:
        """Records the sends in one transaction: per send, the reply's status afterwards or the
        error that refused it (OutboundMessageNotFound, InvalidArgument), which fails it alone."""
        rows = [
            {"conversation_id": m.conversation_id, "outbound_id": m.outbound_id, "wamid": wamid}
            for m, wamid in sends
        ]
        recorded = await fetch_all(
            self.pool, class_row(SentRow), RECORD_OUTBOUND_SENTS, {"sends": Jsonb(rows)}
        )
        found = {(row.conversation_id, row.outbound_id): row for row in recorded}
        results: list[str | Exception] = []
        for message, _ in sends:
            row = found[(message.conversation_id, message.outbound_id)]
            if row.error_sqlstate or row.status is None:
                results.append(refusal(row.error_sqlstate or "", row.error_message))
            else:
                results.append(row.status)
        return results

    async def record_failure(
        self,
        message: OutboundMessage,
        sender: str,
        error_code: str,
        error_message: str,
        *,
        retryable: bool,
        ambiguous: bool = False,
    ) -> FailureOutcome:
        params = {
            "conversation_id": message.conversation_id,
            "outbound_id": message.outbound_id,
            "sender": sender,
            "error_code": error_code,
            "error_message": error_message,
            "retryable": retryable,
            "ambiguous": ambiguous,
        }
        return await fetch_one(self.pool, class_row(FailureOutcome), RECORD_OUTBOUND_FAILURE, params)

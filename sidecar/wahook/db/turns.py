"""The turn side of the SQL API: claim conversations, keep their leases, complete, fail or release
their turns; the claimed messages and history as typed rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psycopg.rows import class_row, kwargs_row
from psycopg.types.json import Jsonb

from wahook.db.pool import Pool, fetch_all, fetch_one, refusal

CLAIM_CONVERSATION = """
select conversation_id, lease_token, lease_expires_at, phone_number_id, customer_id, customer_wa_id,
    last_inbound_at, messages, correlation_id
from wahook.claim_conversation(%(worker)s, %(lease_seconds)s::integer)
"""
CLAIM_CONVERSATIONS = """
select conversation_id, lease_token, lease_expires_at, phone_number_id, customer_id, customer_wa_id,
    last_inbound_at, messages, history, correlation_id
from wahook.claim_conversations(%(worker)s, %(limit)s::integer, %(lease_seconds)s::integer,
    %(history_budget)s::integer)
"""
HEARTBEAT = """
select wahook.heartbeat(%(conversation_id)s, %(lease_token)s, %(lease_seconds)s::integer) as lease_expires_at
"""
HEARTBEATS = """
select conversation_id, lease_token, lease_expires_at, error_sqlstate, error_message
from wahook.heartbeats(%(leases)s::jsonb, %(lease_seconds)s::integer)
"""
CONTEXT_WINDOW = """
select role, content, token_count from wahook.get_context_window(%(conversation_id)s, %(budget)s)
"""
COMPLETE_TURNS = """
select conversation_id, lease_token, outbox_id, error_sqlstate, error_message
from wahook.complete_turns(%(turns)s::jsonb)
"""
COMPLETE_TURN = """
select wahook.complete_turn(%(conversation_id)s, %(lease_token)s, %(reply_text)s, %(reply_tokens)s,
    %(message_tokens)s, %(usage)s, %(correlation_id)s) as outbox_id
"""
FAIL_TURN = """
select outcome, next_attempt_at
from wahook.fail_turn(%(conversation_id)s, %(lease_token)s, %(code)s, %(message)s, %(retryable)s,
    %(correlation_id)s)
"""
RELEASE_TURN = """
select wahook.release_turn(%(conversation_id)s, %(lease_token)s, %(reason)s, %(correlation_id)s)
    as released_count
"""


def json_time(value: str | None) -> datetime | None:
    """A timestamptz as jsonb writes it (ISO 8601), or None."""
    return None if value is None else datetime.fromisoformat(value)


@dataclass(frozen=True)
class ClaimedMedia:
    """The media of a claimed message (wahook_private.inbound_media): kind, status (fetched or
    failed by the time of the claim) and mime type; a fetched one's bytes come from
    Database.media_content."""

    kind: str
    status: str
    mime_type: str | None


@dataclass(frozen=True)
class ClaimedMessage:
    """A pending inbound message as the claim returns it; `text` is what the agent reads of it
    (wahook_private.message_reads_as)."""

    id: int
    wamid: str
    type: str
    text: str
    wa_timestamp: datetime | None
    # 1 on the first attempt.
    attempt: int
    payload: dict[str, Any]
    correlation_id: str | None
    # Set for a media message recorded by the media fetch step (settings.media_fetch_enabled).
    media: ClaimedMedia | None = None

    @classmethod
    def from_json(cls, item: dict[str, Any]) -> ClaimedMessage:
        media = item.get("media")
        return cls(
            **{
                **item,
                "wa_timestamp": json_time(item["wa_timestamp"]),
                "media": None if media is None else ClaimedMedia(**media),
            }
        )


@dataclass(frozen=True)
class HistoryEntry:
    """A remembered message or reply of the conversation."""

    role: str
    content: str
    token_count: int
    created_at: datetime | None = None

    @classmethod
    def from_json(cls, item: dict[str, Any]) -> HistoryEntry:
        return cls(**{**item, "created_at": json_time(item.get("created_at"))})


@dataclass(frozen=True)
class ClaimedTurn:
    """A conversation leased to this worker with its pending messages (oldest first)."""

    conversation_id: int
    lease_token: int
    lease_expires_at: datetime
    phone_number_id: str
    customer_id: str
    customer_wa_id: str | None
    last_inbound_at: datetime | None
    messages: list[ClaimedMessage]
    # The conversation memory that fit the history budget of claim_conversations, oldest first
    # (None when it was not read with the claim).
    history: list[HistoryEntry] | None = None
    # The turn's correlation id as the claim decided and recorded it (its newest message's webhook),
    # None when no message of the turn carries one.
    correlation_id: str | None = None

    @classmethod
    def from_columns(cls, **columns: Any) -> ClaimedTurn:
        """The row factory of the claims: their json columns as typed entries."""
        history = columns.pop("history", None)
        return cls(
            **{
                **columns,
                "messages": [ClaimedMessage.from_json(m) for m in columns["messages"]],
                "history": None if history is None else [HistoryEntry.from_json(e) for e in history],
            }
        )

    @property
    def lease(self) -> tuple[int, int]:
        return (self.conversation_id, self.lease_token)


CLAIMED_TURN = kwargs_row(ClaimedTurn.from_columns)


@dataclass(frozen=True)
class TurnCompletion:
    """What complete_turn(s) records for a turn."""

    turn: ClaimedTurn
    reply_text: str | None
    reply_tokens: int | None
    message_tokens: dict[int, int]
    usage: dict[str, Any]
    correlation_id: str | None
    # The agent asked for a person (AgentReply.handoff_reason): the completion pauses the
    # conversation in its own transaction (wahook_private.hand_off_turns).
    handoff_reason: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "conversation_id": self.turn.conversation_id,
            "lease_token": self.turn.lease_token,
            "reply_text": self.reply_text,
            "reply_tokens": self.reply_tokens,
            "message_tokens": {str(k): v for k, v in self.message_tokens.items()},
            "usage": self.usage,
            "correlation_id": self.correlation_id,
            "handoff_reason": self.handoff_reason,
        }


@dataclass(frozen=True)
class LeaseRow:
    """One row of a batched call on leases: its value, or the error that refused it."""

    conversation_id: int
    lease_token: int
    error_sqlstate: str | None
    error_message: str | None


@dataclass(frozen=True)
class CompletedRow(LeaseRow):
    outbox_id: int | None


@dataclass(frozen=True)
class HeartbeatRow(LeaseRow):
    lease_expires_at: datetime | None


@dataclass(frozen=True)
class LeaseExpiry:
    lease_expires_at: datetime


@dataclass(frozen=True)
class Outbox:
    """The outbox id of a completed turn's reply (None without one)."""

    outbox_id: int | None


@dataclass(frozen=True)
class TurnFailure:
    outcome: str
    next_attempt_at: datetime | None


@dataclass(frozen=True)
class Released:
    released_count: int


def completion_params(completion: TurnCompletion) -> dict[str, Any]:
    """The parameters of COMPLETE_TURN (the single call, which the race tests use)."""
    values = completion.as_json()
    return {**values, "message_tokens": Jsonb(values["message_tokens"]), "usage": Jsonb(values["usage"])}


def failure_params(
    turn: ClaimedTurn, code: str, message: str, *, retryable: bool, correlation_id: str | None
) -> dict[str, Any]:
    """The parameters of FAIL_TURN."""
    return {
        "conversation_id": turn.conversation_id,
        "lease_token": turn.lease_token,
        "code": code,
        "message": message,
        "retryable": retryable,
        "correlation_id": correlation_id,
    }


def by_lease(rows: list[LeaseRow], turns: list[ClaimedTurn]) -> list[LeaseRow]:
    """The rows of a batched call in the order of the turns it was given."""
    found = {(row.conversation_id, row.lease_token): row for row in rows}
    return [found[turn.lease] for turn in turns]


class TurnCalls(Pool):
    """The turn calls of Database."""

    async def claim_conversation(self, worker: str, lease_seconds: int | None = None) -> ClaimedTurn | None:
        # The claim records each turn's correlation id itself: its newest message's.
        params = {"worker": worker, "lease_seconds": lease_seconds}
        claimed = await fetch_all(self.pool, CLAIMED_TURN, CLAIM_CONVERSATION, params)
        return claimed[0] if claimed else None

    async def claim_conversations(
        self,
        worker: str,
        limit: int,
        lease_seconds: int | None = None,
        history_budget: int | None = None,
    ) -> list[ClaimedTurn]:
        """Up to `limit` conversations in one call, each with its history when a budget is given."""
        params = {
            "worker": worker,
            "limit": limit,
            "lease_seconds": lease_seconds,
            "history_budget": history_budget,
        }
        return await fetch_all(self.pool, CLAIMED_TURN, CLAIM_CONVERSATIONS, params)

    async def heartbeats(
        self, turns: list[ClaimedTurn], lease_seconds: int | None = None
    ) -> list[datetime | Exception]:
        """Extends the leases of all the turns in one call: per turn, the new expiry or the error
        that refused it (LeaseLost, ConversationNotFound)."""
        leases = [{"conversation_id": t.conversation_id, "lease_token": t.lease_token} for t in turns]
        params = {"leases": Jsonb(leases), "lease_seconds": lease_seconds}
        rows = await fetch_all(self.pool, class_row(HeartbeatRow), HEARTBEATS, params)
        results: list[datetime | Exception] = []
        for row in by_lease(list(rows), turns):
            assert isinstance(row, HeartbeatRow)
            if row.error_sqlstate or row.lease_expires_at is None:
                results.append(refusal(row.error_sqlstate or "", row.error_message))
            else:
                results.append(row.lease_expires_at)
        return results

    async def complete_turns(self, completions: list[TurnCompletion]) -> list[int | Exception | None]:
        """Completes the turns in one transaction: per turn, the outbox id of its reply (None without
        one) or the error that refused it (LeaseLost, ConversationNotFound), which fails it alone."""
        params = {"turns": Jsonb([c.as_json() for c in completions])}
        rows = await fetch_all(self.pool, class_row(CompletedRow), COMPLETE_TURNS, params)
        results: list[int | Exception | None] = []
        for row in by_lease(list(rows), [c.turn for c in completions]):
            assert isinstance(row, CompletedRow)
            results.append(
                refusal(row.error_sqlstate, row.error_message) if row.error_sqlstate else row.outbox_id
            )
        return results

    async def context_window(self, conversation_id: int, budget: int) -> list[HistoryEntry]:
        params = {"conversation_id": conversation_id, "budget": budget}
        return await fetch_all(self.pool, class_row(HistoryEntry), CONTEXT_WINDOW, params)

    async def fail_turn(
        self, turn: ClaimedTurn, code: str, message: str, *, retryable: bool, correlation_id: str | None
    ) -> TurnFailure:
        params = failure_params(turn, code, message, retryable=retryable, correlation_id=correlation_id)
        return await fetch_one(self.pool, class_row(TurnFailure), FAIL_TURN, params)

    async def release_turn(self, turn: ClaimedTurn, reason: str, correlation_id: str | None) -> int:
        params = {
            "conversation_id": turn.conversation_id,
            "lease_token": turn.lease_token,
            "reason": reason,
            "correlation_id": correlation_id,
        }
        return (await fetch_one(self.pool, class_row(Released), RELEASE_TURN, params)).released_count

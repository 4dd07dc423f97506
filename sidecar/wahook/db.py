"""The engine's SQL API as typed async calls: one call per operation, the SQL text in one place."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import psycopg
from psycopg import AsyncConnection
from psycopg.rows import TupleRow, class_row
from psycopg.types.json import Jsonb
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from wahook.errors import BY_SQLSTATE, WahookError, translate

T = TypeVar("T")

PROCESS_MESSAGE = """
select kind, external_id, conversation_id, outcome
from wahook.process_message(%(body)s::jsonb, %(correlation_id)s)
"""


CLAIM_CONVERSATION = """
select conversation_id, lease_token, lease_expires_at, phone_number_id, customer_id, customer_wa_id,
    last_inbound_at, messages
from wahook.claim_conversation(%(worker)s, %(lease_seconds)s::integer, %(correlation_id)s)
"""
CLAIM_CONVERSATIONS = """
select conversation_id, lease_token, lease_expires_at, phone_number_id, customer_id, customer_wa_id,
    last_inbound_at, messages, history
from wahook.claim_conversations(%(worker)s, %(limit)s::integer, %(lease_seconds)s::integer,
    %(history_budget)s::integer, %(correlation_id)s)
"""
HEARTBEAT = "select wahook.heartbeat(%(conversation_id)s, %(lease_token)s, %(lease_seconds)s::integer)"
CONTEXT_WINDOW = """
select role, content, token_count from wahook.get_context_window(%(conversation_id)s, %(budget)s)
"""
HEARTBEATS = """
select conversation_id, lease_token, lease_expires_at, error_sqlstate, error_message
from wahook.heartbeats(%(leases)s::jsonb, %(lease_seconds)s::integer)
"""
COMPLETE_TURNS = """
select conversation_id, lease_token, outbox_id, error_sqlstate, error_message
from wahook.complete_turns(%(turns)s::jsonb)
"""
COMPLETE_TURN = """
select wahook.complete_turn(%(conversation_id)s, %(lease_token)s, %(reply_text)s, %(reply_tokens)s,
    %(message_tokens)s, %(usage)s, %(correlation_id)s)
"""
FAIL_TURN = """
select outcome, next_attempt_at
from wahook.fail_turn(%(conversation_id)s, %(lease_token)s, %(code)s, %(message)s, %(retryable)s,
    %(correlation_id)s)
"""
RELEASE_TURN = """
select wahook.release_turn(%(conversation_id)s, %(lease_token)s, %(reason)s, %(correlation_id)s)
"""

RUN_MAINTENANCE = "select wahook.run_maintenance()"

# The jobs db push schedules; when they exist here, pg_cron runs maintenance and the sidecar not.
PG_CRON_RUNS_MAINTENANCE = """
select exists (select from pg_extension where extname = 'pg_cron')
    and exists (select from cron.job where jobname = 'wahook-cleanup-stuck')
"""
PG_CRON_INSTALLED = "select exists (select from pg_extension where extname = 'pg_cron')"
PG_CRON_JOBS_READABLE = "select pg_catalog.has_schema_privilege('cron', 'usage')"


class DatabaseUnavailable(Exception):
    """The database cannot be reached now; the caller should ask to be retried."""


# Connection trouble, rolled-back transactions (deadlock, serialisation), exhausted resources and
# shutdowns: worth a retry, never the caller's fault.
TRANSIENT_SQLSTATE_CLASSES = ("08", "40", "53", "57")


@dataclass(frozen=True)
class IngestRow:
    kind: str
    external_id: str | None
    conversation_id: int | None
    outcome: str


@asynccontextmanager
async def pooled_connection(pool: AsyncConnectionPool[Any]) -> AsyncIterator[AsyncConnection[TupleRow]]:
    """A pooled autocommit connection; database errors come out as domain exceptions."""
    try:
        async with pool.connection() as conn:
            yield conn
    except PoolTimeout as exc:
        raise DatabaseUnavailable("no database connection available") from exc
    except psycopg.Error as exc:
        if exc.sqlstate is None or exc.sqlstate.startswith(TRANSIENT_SQLSTATE_CLASSES):
            raise DatabaseUnavailable(f"the database is unavailable ({exc.sqlstate})") from exc
        raise translate(exc) from exc


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
    # {id, wamid, type, text, wa_timestamp, attempt, payload} per message.
    messages: list[dict[str, Any]]
    # {role, content, token_count, created_at} per entry, oldest first: the conversation memory
    # that fit the history budget of claim_conversations (None when it was not read with the claim).
    history: list[dict[str, Any]] | None = None

    @property
    def lease(self) -> tuple[int, int]:
        return (self.conversation_id, self.lease_token)


@dataclass(frozen=True)
class HistoryEntry:
    role: str
    content: str
    token_count: int


@dataclass(frozen=True)
class TurnCompletion:
    """What complete_turn(s) records for a turn."""

    turn: ClaimedTurn
    reply_text: str | None
    reply_tokens: int | None
    message_tokens: dict[int, int]
    usage: dict[str, Any]
    correlation_id: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "conversation_id": self.turn.conversation_id,
            "lease_token": self.turn.lease_token,
            "reply_text": self.reply_text,
            "reply_tokens": self.reply_tokens,
            "message_tokens": {str(k): v for k, v in self.message_tokens.items()},
            "usage": self.usage,
            "correlation_id": self.correlation_id,
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


def refusal(sqlstate: str, message: str | None) -> WahookError:
    """The domain exception of a row that a batched call refused (WH010, WH011, WH040...)."""
    return BY_SQLSTATE.get(sqlstate, WahookError)(message or sqlstate)


def by_lease(rows: list[LeaseRow], turns: list[ClaimedTurn]) -> list[LeaseRow]:
    """The rows of a batched call in the order of the turns it was given."""
    found = {(row.conversation_id, row.lease_token): row for row in rows}
    return [found[turn.lease] for turn in turns]


@dataclass(frozen=True)
class TurnFailure:
    outcome: str
    next_attempt_at: datetime | None


async def retry_while_unavailable(call: Callable[[], Awaitable[T]], attempts: int = 3) -> T:
    """Records an outcome that has already happened (a reply sent, an agent's answer), retrying
    briefly while the database is unavailable: doing the work again would cost more, or twice."""
    for attempt in range(1, attempts + 1):
        try:
            return await call()
        except DatabaseUnavailable:
            if attempt == attempts:
                raise
            await asyncio.sleep(0.2 * 2 ** (attempt - 1))
    raise AssertionError("unreachable")


class Database:
    def __init__(self, url: str, max_size: int = 10, timeout: float = 5.0) -> None:
        self.pool = AsyncConnectionPool(
            url,
            min_size=1,
            max_size=max_size,
            timeout=timeout,
            open=False,
            kwargs={"autocommit": True},
        )

    async def open(self) -> None:
        await self.pool.open()

    async def close(self) -> None:
        await self.pool.close()

    @property
    def url(self) -> str:
        return str(self.pool.conninfo)

    async def pg_cron_runs_maintenance(self) -> bool:
        async with self.connection() as conn:
            row = await (await conn.execute(PG_CRON_INSTALLED)).fetchone()
            if not row or not row[0]:
                return False
            # A service login may not look into schema cron: where pg_cron is installed, `wahook
            # db push` scheduled the jobs (serve and worker check that it ran). cron.job shows a
            # login only its own jobs, so one that may look but finds none runs the timer as
            # well: harmless, run_maintenance's advisory lock lets one pass run at a time.
            row = await (await conn.execute(PG_CRON_JOBS_READABLE)).fetchone()
            if not row or not row[0]:
                return True
            row = await (await conn.execute(PG_CRON_RUNS_MAINTENANCE)).fetchone()
            return bool(row and row[0])

    async def run_maintenance(self) -> dict[str, object]:
        # A purge over a long backlog may outlast the request-sized statement_timeout of the
        # sidecar's sessions (WAHOOK_STATEMENT_TIMEOUT_MS), and a cancelled run, all in one
        # transaction, would start over each time: maintenance runs without it, as under pg_cron;
        # one instance at a time (its advisory lock).
        async with self.connection() as conn, conn.transaction():
            await conn.execute("set local statement_timeout = 0")
            row = await (await conn.execute(RUN_MAINTENANCE)).fetchone()
            return dict(row[0]) if row else {}

    def connection(self) -> AbstractAsyncContextManager[AsyncConnection[TupleRow]]:
        return pooled_connection(self.pool)

    async def process_message(self, body: str, correlation_id: str) -> list[IngestRow]:
        """Store one webhook body; returns once it is committed."""
        async with self.connection() as conn, conn.cursor(row_factory=class_row(IngestRow)) as cur:
            await cur.execute(PROCESS_MESSAGE, {"body": body, "correlation_id": correlation_id})
            return await cur.fetchall()

    async def claim_conversation(
        self, worker: str, lease_seconds: int | None = None, correlation_id: str | None = None
    ) -> ClaimedTurn | None:
        params = {"worker": worker, "lease_seconds": lease_seconds, "correlation_id": correlation_id}
        async with self.connection() as conn, conn.cursor(row_factory=class_row(ClaimedTurn)) as cur:
            await cur.execute(CLAIM_CONVERSATION, params)
            return await cur.fetchone()

    async def claim_conversations(
        self,
        worker: str,
        limit: int,
        lease_seconds: int | None = None,
        history_budget: int | None = None,
        correlation_id: str | None = None,
    ) -> list[ClaimedTurn]:
        """Up to `limit` conversations in one call, each with its history when a budget is given."""
        params = {
            "worker": worker,
            "limit": limit,
            "lease_seconds": lease_seconds,
            "history_budget": history_budget,
            "correlation_id": correlation_id,
        }
        async with self.connection() as conn, conn.cursor(row_factory=class_row(ClaimedTurn)) as cur:
            await cur.execute(CLAIM_CONVERSATIONS, params)
            return await cur.fetchall()

    async def heartbeats(
        self, turns: list[ClaimedTurn], lease_seconds: int | None = None
    ) -> list[datetime | Exception]:
        """Extends the leases of all the turns in one call: per turn, the new expiry or the error
        that refused it (LeaseLost, ConversationNotFound)."""
        leases = [{"conversation_id": t.conversation_id, "lease_token": t.lease_token} for t in turns]
        params = {"leases": Jsonb(leases), "lease_seconds": lease_seconds}
        async with self.connection() as conn, conn.cursor(row_factory=class_row(HeartbeatRow)) as cur:
            await cur.execute(HEARTBEATS, params)
            rows = await cur.fetchall()
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
        async with self.connection() as conn, conn.cursor(row_factory=class_row(CompletedRow)) as cur:
            await cur.execute(COMPLETE_TURNS, params)
            rows = await cur.fetchall()
        results: list[int | Exception | None] = []
        for row in by_lease(list(rows), [c.turn for c in completions]):
            assert isinstance(row, CompletedRow)
            results.append(
                refusal(row.error_sqlstate, row.error_message) if row.error_sqlstate else row.outbox_id
            )
        return results

    async def heartbeat(self, turn: ClaimedTurn, lease_seconds: int | None = None) -> datetime:
        params = {
            "conversation_id": turn.conversation_id,
            "lease_token": turn.lease_token,
            "lease_seconds": lease_seconds,
        }
        async with self.connection() as conn:
            row = await (await conn.execute(HEARTBEAT, params)).fetchone()
            assert row is not None
            expires_at: datetime = row[0]
            return expires_at

    async def context_window(self, conversation_id: int, budget: int) -> list[HistoryEntry]:
        params = {"conversation_id": conversation_id, "budget": budget}
        async with self.connection() as conn, conn.cursor(row_factory=class_row(HistoryEntry)) as cur:
            await cur.execute(CONTEXT_WINDOW, params)
            return await cur.fetchall()

    async def complete_turn(
        self,
        turn: ClaimedTurn,
        reply_text: str | None,
        reply_tokens: int | None,
        message_tokens: dict[int, int],
        usage: dict[str, Any],
        correlation_id: str | None,
    ) -> int | None:
        """Returns the outbox id of the queued reply (None without a reply)."""
        params = {
            "conversation_id": turn.conversation_id,
            "lease_token": turn.lease_token,
            "reply_text": reply_text,
            "reply_tokens": reply_tokens,
            "message_tokens": Jsonb({str(k): v for k, v in message_tokens.items()}),
            "usage": Jsonb(usage),
            "correlation_id": correlation_id,
        }
        async with self.connection() as conn:
            row = await (await conn.execute(COMPLETE_TURN, params)).fetchone()
            return None if row is None else row[0]

    async def fail_turn(
        self, turn: ClaimedTurn, code: str, message: str, *, retryable: bool, correlation_id: str | None
    ) -> TurnFailure:
        params = {
            "conversation_id": turn.conversation_id,
            "lease_token": turn.lease_token,
            "code": code,
            "message": message,
            "retryable": retryable,
            "correlation_id": correlation_id,
        }
        async with self.connection() as conn, conn.cursor(row_factory=class_row(TurnFailure)) as cur:
            await cur.execute(FAIL_TURN, params)
            row = await cur.fetchone()
            assert row is not None
            return row

    async def release_turn(self, turn: ClaimedTurn, reason: str, correlation_id: str | None) -> int:
        params = {
            "conversation_id": turn.conversation_id,
            "lease_token": turn.lease_token,
            "reason": reason,
            "correlation_id": correlation_id,
        }
        async with self.connection() as conn:
            row = await (await conn.execute(RELEASE_TURN, params)).fetchone()
            return int(row[0]) if row else 0

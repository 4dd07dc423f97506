"""The inbox: webhook bodies acknowledged after a group commit, ingested right behind.

`Inbox.store` is the acknowledgement path. Requests that arrive together share one transaction
(wahook.receive_webhooks checks each body and stores the good ones): each request waits for the
commit of its batch and gets its own verdict, so nothing is acknowledged before it is durable and
a malformed body is refused alone. There is no timer: a batch leaves as soon as one of
`max_in_flight` commits is free, so a lone request waits for nothing, and under load the requests
that arrived while the previous batches committed form the next one.

`Inbox.ingest` runs wahook.ingest_inbox, which parses, deduplicates and queues stored bodies in
order (see wahook.ingester for the loop that calls it).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from psycopg.rows import class_row
from psycopg_pool import AsyncConnectionPool

from wahook.db import DatabaseUnavailable, pooled_connection

log = logging.getLogger("wahook.inbox")

# %b: the raw bodies travel as binary bytea, neither decoded in Python nor escaped on the wire.
RECEIVE_WEBHOOKS = """
select body_index, item_count, error_sqlstate, error_message
from wahook.receive_webhooks(%(bodies)b::bytea[], %(correlation_ids)s::text[])
"""
INGEST_INBOX = """
select body_count, item_count, accepted_count, failed_count from wahook.ingest_inbox(%(limit)s::integer)
"""

# A body that is too large for one batch is still one body; this bounds the bodies per commit.
MAX_BATCH = 256
# Commits in flight at once per process: enough to overlap one batch's commit with the next one's
# gathering, few enough that batches grow under load instead of connections.
MAX_IN_FLIGHT = 2


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


class Inbox:
    def __init__(
        self,
        pool: AsyncConnectionPool[Any],
        *,
        on_stored: Callable[[], None] | None = None,
        max_batch: int = MAX_BATCH,
        max_in_flight: int = MAX_IN_FLIGHT,
    ) -> None:
        self.pool = pool
        self.on_stored = on_stored
        self.max_batch = max_batch
        self.max_in_flight = max_in_flight
        self._waiting: list[tuple[bytes, str, asyncio.Future[Receipt]]] = []
        self._flushers: set[asyncio.Task[None]] = set()

    async def store(self, body: bytes, correlation_id: str) -> Receipt:
        """Stores one raw body; returns once its batch is committed (raises DatabaseUnavailable
        when it could not be, and nothing of it was stored)."""
        done: asyncio.Future[Receipt] = asyncio.get_running_loop().create_future()
        self._waiting.append((body, correlation_id, done))
        if len(self._flushers) < self.max_in_flight:
            task = asyncio.create_task(self._flush())
            self._flushers.add(task)
            task.add_done_callback(self._flushers.discard)
        return await done

    async def _flush(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting[: self.max_batch], self._waiting[self.max_batch :]
            await self._commit(batch)

    async def _commit(self, batch: list[tuple[bytes, str, asyncio.Future[Receipt]]]) -> None:
        try:
            receipts = await self._receive([body for body, _, _ in batch], [cid for _, cid, _ in batch])
        except DatabaseUnavailable as exc:
            for _, _, done in batch:
                _settle(done, exc)
            return
        except Exception as exc:
            # Not the database's absence and not one body's fault (those get their own rows):
            # each body alone, so that one cannot fail its neighbours.
            if len(batch) > 1:
                log.warning("a webhook batch failed; storing its bodies one by one", exc_info=exc)
                for one in batch:
                    await self._commit([one])
            else:
                _settle(batch[0][2], exc)
            return
        for (_, _, done), receipt in zip(batch, receipts, strict=True):
            _settle(done, receipt)
        if self.on_stored and any(r.error_sqlstate is None for r in receipts):
            self.on_stored()

    async def _receive(self, bodies: list[bytes], correlation_ids: list[str]) -> list[Receipt]:
        params = {"bodies": bodies, "correlation_ids": correlation_ids}
        async with pooled_connection(self.pool) as conn, conn.cursor(row_factory=class_row(Receipt)) as cur:
            await cur.execute(RECEIVE_WEBHOOKS, params)
            return await cur.fetchall()

    async def ingest(self, limit: int) -> IngestSummary:
        async with (
            pooled_connection(self.pool) as conn,
            conn.cursor(row_factory=class_row(IngestSummary)) as cur,
        ):
            await cur.execute(INGEST_INBOX, {"limit": limit})
            row = await cur.fetchone()
            assert row is not None
            return row


def _settle(done: asyncio.Future[Receipt], outcome: Receipt | BaseException) -> None:
    # The request may have gone (client disconnected): its future is then cancelled.
    if done.done():
        return
    if isinstance(outcome, BaseException):
        done.set_exception(outcome)
    else:
        done.set_result(outcome)

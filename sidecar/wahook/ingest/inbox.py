"""The inbox: webhook bodies acknowledged after a group commit, ingested right behind.

`Inbox.store` is the acknowledgement path. Requests that arrive together share one transaction
(wahook.receive_webhooks checks each body and stores the good ones; wahook.group_commit gathers
them): each request waits for the commit of its batch and gets its own verdict, so nothing is
acknowledged before it is durable and a malformed body is refused alone. No timer holds a batch
back: one leaves as soon as the previous one has committed, so a lone request waits for nothing,
and under load the requests that arrived during a commit form the next batch.

`Inbox.ingest` runs wahook.ingest_inbox, which parses, deduplicates and queues stored bodies in
order (wahook.ingester is the loop that calls it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from psycopg_pool import AsyncConnectionPool

from wahook.db.group_commit import GroupCommit
from wahook.db.ingest import IngestSummary, Receipt, ingest_inbox, receive_webhooks

# Bodies per commit at most (3 MiB each at worst).
MAX_BATCH = 256


class Inbox:
    def __init__(
        self,
        pool: AsyncConnectionPool[Any],
        *,
        on_stored: Callable[[], None] | None = None,
        max_batch: int = MAX_BATCH,
    ) -> None:
        self.pool = pool
        self.on_stored = on_stored
        self._group: GroupCommit[tuple[bytes, str], Receipt] = GroupCommit(
            # Meta retries whatever is not answered 200: a 503 at once beats retrying here.
            self._receive,
            max_size=max_batch,
            max_delay=0,
            attempts=1,
        )

    async def store(self, body: bytes, correlation_id: str) -> Receipt:
        """Stores one raw body; returns its verdict once its batch is committed (raises
        DatabaseUnavailable, or the batch's error, when it was not, and nothing of it is stored)."""
        return await self._group.submit((body, correlation_id))

    async def _receive(self, batch: list[tuple[bytes, str]]) -> list[Receipt]:
        receipts = await receive_webhooks(self.pool, [body for body, _ in batch], [cid for _, cid in batch])
        if self.on_stored and any(r.error_sqlstate is None for r in receipts):
            self.on_stored()
        return receipts

    async def ingest(self, limit: int) -> IngestSummary:
        return await ingest_inbox(self.pool, limit)

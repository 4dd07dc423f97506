"""The ingester: runs wahook.ingest_inbox right behind the acknowledgements, in every process that
serves the webhook endpoint.

The engine lets one ingester work at a time (an advisory lock; the others get nothing to do), so
each process may run one: whichever holds the lock drains what every process stored. A batch that
came back full is followed at once by the next; otherwise the loop waits for this process to
store something (`wake`) or for a short poll, which also picks up what another process stored
while this one's call found the lock taken. On stop it ingests what waits for up to
`drain_seconds` more: what is left then stays durable for the next ingester.
"""

from __future__ import annotations

import asyncio
import logging
import time

from wahook import metrics
from wahook.ingest.inbox import Inbox
from wahook.work.listener import Wakeup
from wahook.work.round_errors import RoundErrors

log = logging.getLogger(__name__)

BATCH_BODIES = 500
POLL_SECONDS = 0.25
DRAIN_SECONDS = 5.0


class Ingester:
    def __init__(
        self, inbox: Inbox, *, batch: int = BATCH_BODIES, poll_seconds: float = POLL_SECONDS
    ) -> None:
        self.inbox = inbox
        self.batch = batch
        self.poll_seconds = poll_seconds
        self._wakeup = Wakeup()

    def wake(self) -> None:
        self._wakeup.set()

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            if not await self.ingest_once():
                await self._wakeup.wait(stop, self.poll_seconds)
        deadline = time.monotonic() + DRAIN_SECONDS
        while time.monotonic() < deadline and await self.ingest_once():
            pass

    async def ingest_once(self) -> bool:
        """One batch; True when it took bodies in (more may wait), False when it found none or
        could not run (the caller waits before the next try)."""
        started = time.monotonic()
        summary = None
        # The bodies are durable in the inbox: after a failed round they wait for the next.
        with RoundErrors(log, "ingest", "ingest_failed"):
            summary = await self.inbox.ingest(self.batch)
        if summary is None or not (summary.body_count or summary.failed_count):
            return False
        metrics.inbox_ingested(summary, time.monotonic() - started)
        if summary.failed_count:
            log.error(
                f"{summary.failed_count} acknowledged bodies could not be ingested; "
                "they wait in the inbox with their error",
                extra={"event": "ingest_body_failed"},
            )
        return True

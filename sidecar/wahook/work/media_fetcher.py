"""The media fetch step: claims due media (wahook.claim_media_fetches), fetches each from the Graph
API (a fresh download URL every attempt), checks its SHA-256 against the webhook's, reads it
(a wahook.media.reader.ReadMedia) and records the outcome. The engine decides the rest: retries with
backoff, the final failure, and when the conversation's turn may go on (it waits while its media
is not settled).

Runs beside the turn workers in every process that runs them, woken by ingest (wahook_media) and
polling for due retries. A lost lease (WH010: the attempt outlived its lease and another took the
media) drops the attempt; a database that is away leaves the lease to expire, and the media is
claimed again. On shutdown, attempts in flight get the grace period, then are cancelled: their
leases expire and the media is fetched again.
"""

from __future__ import annotations

import asyncio
import logging

from wahook import metrics
from wahook.config import MediaSettings
from wahook.db import Database
from wahook.db.media import MediaFetch
from wahook.db.pool import retry_while_unavailable
from wahook.errors import LeaseLost
from wahook.media.checksum import expected_digest
from wahook.media.graph_media import MediaClient, MediaError
from wahook.media.read_error import MediaReadError
from wahook.media.reader import ReadMedia
from wahook.work.claim_loop import ClaimLoop
from wahook.work.round_errors import RoundErrors

log = logging.getLogger(__name__)

MAX_ERROR_CHARS = 500


class MediaFetcher:
    def __init__(
        self,
        database: Database,
        client: MediaClient,
        settings: MediaSettings,
        worker_id: str,
        read: ReadMedia,
        *,
        poll_seconds: float = 1.0,
        grace_seconds: float = 20.0,
    ) -> None:
        self.database = database
        self.client = client
        self.settings = settings
        self.worker_id = worker_id
        self.read = read
        self.poll_seconds = poll_seconds
        self.grace_seconds = grace_seconds
        self._loop = ClaimLoop(self._claim, self.fetch)

    def __repr__(self) -> str:
        return f"MediaFetcher(worker_id={self.worker_id!r}, concurrency={self.settings.concurrency})"

    def wake(self) -> None:
        """Claim now (a NOTIFY on wahook_media)."""
        self._loop.wake()

    async def run(self, stop: asyncio.Event) -> None:
        await self._loop.run(stop, concurrency=self.settings.concurrency, poll_seconds=self.poll_seconds)
        await self._loop.drain(self.grace_seconds)

    async def _claim(self, limit: int) -> list[MediaFetch]:
        with RoundErrors(log, "media claim", "media_claim_failed"):
            return await self.database.claim_media_fetches(self.worker_id, limit)
        return []

    async def fetch(self, fetch: MediaFetch) -> None:
        """One attempt, from claim to recorded outcome; never raises but on cancellation."""
        label = (
            f"media of message {fetch.message_id} in conversation {fetch.conversation_id}"
            f" (attempt {fetch.lease_token})"
        )
        try:
            await self._attempt(fetch, label)
        except LeaseLost:
            metrics.media_fetch_ended("lease_lost")
            log.warning(f"{label} dropped: its lease was lost", extra={"event": "media_lease_lost"})
        except Exception as exc:
            # Not recorded (database gone): the lease expires and the media is claimed again.
            metrics.media_fetch_ended("not_recorded")
            log.exception(f"{label}: outcome not recorded", extra={"error": type(exc).__name__})

    async def _attempt(self, fetch: MediaFetch, label: str) -> None:
        try:
            download = await self.client.fetch(fetch.media_id, fetch.max_bytes)
        except MediaError as exc:
            await self._fail(fetch, label, exc.code, str(exc), exc.retryable)
            return
        expected = expected_digest(fetch.sha256, download.graph_sha256)
        if expected is None:
            await self._fail(
                fetch, label, "sha256_missing", "neither the webhook nor the Graph API gave a sha256", False
            )
            return
        if expected != download.sha256:
            await self._fail(
                fetch,
                label,
                "sha256_mismatch",
                f"the download's sha256 is {download.sha256.hex()}, not {expected.hex()}",
                False,
            )
            return
        mime_type = download.mime_type or fetch.mime_type or "application/octet-stream"
        try:
            text = await self.read(fetch.media_kind, mime_type, download.data, fetch.filename)
        except MediaReadError as exc:
            if exc.retryable:
                await self._fail(fetch, label, exc.code, str(exc), True)
                return
            # Downloaded, but it will never read (a locked PDF, audio the server refuses): the
            # message reads as its type, caption or file name, not as a failed download.
            log.warning(
                f"{label} not read ({exc.code}): {exc}", extra={"event": "media_not_read", "error": exc.code}
            )
            text = None
        except Exception as exc:
            await self._fail(fetch, label, "read_failed", f"{type(exc).__name__}: {exc}", True)
            return
        await retry_while_unavailable(
            lambda: self.database.record_media_fetched(fetch, mime_type, download.data, text)
        )
        metrics.media_fetch_ended("fetched")
        log.info(
            f"{label} fetched ({len(download.data)} bytes)",
            extra={"event": "media_fetched", "reason": fetch.media_kind},
        )

    async def _fail(self, fetch: MediaFetch, label: str, code: str, error: str, retryable: bool) -> None:
        outcome = await retry_while_unavailable(
            lambda: self.database.record_media_failure(fetch, code, error[:MAX_ERROR_CHARS], retryable)
        )
        metrics.media_fetch_ended("retry" if outcome.status == "pending" else "failed")
        log.warning(
            f"{label} failed ({code}): {error[:MAX_ERROR_CHARS]}; {outcome.status}",
            extra={"event": "media_fetch_failed", "error": code},
        )

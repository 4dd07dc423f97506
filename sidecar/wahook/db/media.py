"""The media fetch step's SQL: claim due media with a lease, record each attempt's success (the
bytes and the text read from them) or failure, and read a fetched media's bytes back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from psycopg.rows import class_row

from wahook.db.pool import Pool, fetch_all, fetch_one, pooled_connection

CLAIM_MEDIA_FETCHES = """
select conversation_id, message_id, lease_token, lease_expires_at, media_id, media_kind, mime_type, sha256,
    filename, max_bytes
from wahook.claim_media_fetches(%(worker)s, %(limit)s::integer, %(lease_seconds)s::integer)
"""
RECORD_MEDIA_FETCHED = """
select wahook.record_media_fetched(%(conversation_id)s, %(message_id)s, %(lease_token)s::integer,
    %(mime_type)s, %(content)s::bytea, %(media_text)s)
"""
RECORD_MEDIA_FAILURE = """
select status, next_attempt_at
from wahook.record_media_failure(%(conversation_id)s, %(message_id)s, %(lease_token)s::integer,
    %(error_code)s, %(error)s, %(retryable)s)
"""
MEDIA_CONTENT = """
select media_kind, mime_type, content from wahook.media_content(%(conversation_id)s, %(message_id)s)
"""


@dataclass(frozen=True)
class MediaFetch:
    """A media leased to this fetcher for one attempt; lease_token is the attempt's number.
    mime_type and sha256 are the webhook's; max_bytes the kind's cap."""

    conversation_id: int
    message_id: int
    lease_token: int
    lease_expires_at: datetime
    media_id: str
    media_kind: str
    mime_type: str | None
    sha256: str | None
    filename: str | None
    max_bytes: int

    @property
    def key(self) -> dict[str, int]:
        return {
            "conversation_id": self.conversation_id,
            "message_id": self.message_id,
            "lease_token": self.lease_token,
        }


@dataclass(frozen=True)
class MediaFailureOutcome:
    """pending (tried again at next_attempt_at) or failed (for good)."""

    status: str
    next_attempt_at: datetime | None


@dataclass(frozen=True)
class MediaContent:
    """A fetched media's bytes, for showing an image to the model."""

    media_kind: str
    mime_type: str | None
    content: bytes


class MediaCalls(Pool):
    async def claim_media_fetches(
        self, worker: str, limit: int, lease_seconds: int | None = None
    ) -> list[MediaFetch]:
        params = {"worker": worker, "limit": limit, "lease_seconds": lease_seconds}
        return await fetch_all(self.pool, class_row(MediaFetch), CLAIM_MEDIA_FETCHES, params)

    async def record_media_fetched(
        self, fetch: MediaFetch, mime_type: str | None, content: bytes, media_text: str | None
    ) -> None:
        params = {**fetch.key, "mime_type": mime_type, "content": content, "media_text": media_text}
        async with pooled_connection(self.pool) as conn:
            await conn.execute(RECORD_MEDIA_FETCHED, params)

    async def record_media_failure(
        self, fetch: MediaFetch, error_code: str, error: str, retryable: bool
    ) -> MediaFailureOutcome:
        params = {**fetch.key, "error_code": error_code, "error": error, "retryable": retryable}
        return await fetch_one(self.pool, class_row(MediaFailureOutcome), RECORD_MEDIA_FAILURE, params)

    async def media_content(self, conversation_id: int, message_id: int) -> MediaContent | None:
        """The bytes of a claimed message's fetched media (its `media` says fetched), or None when
        there are none (not fetched, failed, or past media_retention_days)."""
        params = {"conversation_id": conversation_id, "message_id": message_id}
        rows = await fetch_all(self.pool, class_row(MediaContent), MEDIA_CONTENT, params)
        return rows[0] if rows else None

"""What a fetched media says, as text for the agent: the seam between the media fetch step and
what is done with the bytes (wahook.media.reading.MediaReader: transcribing audio, extracting a
document's text).

The fetcher (wahook.work.media_fetcher) calls a `ReadMedia` once per media, after the download was
verified (size cap, sha256) and before it is recorded. What it returns is stored as the media's text
(wahook.record_media_fetched) and the message then reads as "[type] <text>" (after its caption or
filename: wahook_private.message_reads_as). A retryable MediaReadError fails that fetch attempt with
its code, retried with the media backoff; one that is not (a locked PDF, audio the server refuses)
is logged and the media recorded as fetched without text, so the message reads as its type and
caption or file name; any other exception is a retryable failure (error code read_failed).
"""

from __future__ import annotations

from typing import Protocol


class ReadMedia(Protocol):
    async def __call__(self, kind: str, mime_type: str, data: bytes, filename: str | None) -> str | None:
        """The text `data` says, for a media of `kind` (image, sticker, document, audio, video) and
        `mime_type`; `filename` is a document's, when the webhook gave one. None when there is
        nothing to read: the message then reads as its type and caption."""
        ...

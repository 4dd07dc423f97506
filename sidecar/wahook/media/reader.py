"""What a fetched media says, as text for the agent: the seam between the media fetch step and
what is done with the bytes (transcribing audio, extracting a document's text).

The fetcher (wahook.work.media_fetcher) calls `read_media` once per media, after the download was
verified (size cap, sha256) and before it is recorded. What it returns is stored as the media's text
(wahook.record_media_fetched) and the message then reads as "[type] <text>" (after its caption or
filename: wahook_private.message_reads_as). An exception from it is a retryable failure of that
fetch attempt (error code read_failed), retried with the media backoff like a failed download.
"""

from __future__ import annotations


async def read_media(kind: str, mime_type: str, data: bytes, filename: str | None) -> str | None:
    """The text `data` says, for a media of `kind` (image, sticker, document, audio, video) and
    `mime_type`; `filename` is a document's, when the webhook gave one. None when there is nothing
    to read: the message then reads as its type and caption, as a media message without this step.

    Nothing is read yet: images, stickers and video have no text, and audio and documents are not
    transcribed or extracted here.
    """
    del kind, mime_type, data, filename
    return None

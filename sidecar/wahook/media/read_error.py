"""How reading a downloaded medium fails."""

from __future__ import annotations

from wahook.coded_error import CodedError


class MediaReadError(CodedError):
    """Reading a medium failed. `code` is short and stable (transcription_timeout,
    transcription_unreachable, transcription_http_<status>, conversion_failed, ffmpeg_missing,
    document_encrypted, document_unreadable, document_timeout, ...); `retryable` says whether the same
    bytes may be read later (a server or network failure), as opposed to bytes that will never read
    (a corrupt file, a refused request). Messages never contain credentials."""

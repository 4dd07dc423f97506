"""What a downloaded medium reads as: the one place that chooses, by the message's type, between
transcribing (audio, voice notes), extracting text (documents) and nothing (images, which a model
with vision sees as images instead, stickers, videos).

The text returned is stored in SQL as the message's media text, and SQL decides how the message
then reads (`[audio] <transcript>`, `[document] <name>: <text>`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wahook.agent.tokens import TokenCounter
from wahook.media.documents import read_document
from wahook.media.transcription import Transcriber

if TYPE_CHECKING:
    import httpx

    from wahook.config import MediaReadingSettings

AUDIO_KINDS = frozenset({"audio", "voice"})


class MediaReader:
    def __init__(
        self,
        settings: MediaReadingSettings,
        counter: TokenCounter,
        *,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        """`counter` is the chat model's (documents and transcripts are cut in its tokens);
        `client` (not closed here) is for tests and for sharing a connection pool."""
        self.settings = settings
        self.counter = counter
        self.transcriber = Transcriber.from_settings(settings, client)

    def __repr__(self) -> str:
        return (
            f"MediaReader(transcriber={self.transcriber!r}, document_tokens={self.settings.document_tokens})"
        )

    async def aclose(self) -> None:
        if self.transcriber is not None:
            await self.transcriber.aclose()

    async def read(self, kind: str, mime_type: str, data: bytes, filename: str | None = None) -> str | None:
        """The text the medium says, or None when there is nothing to read (or reading it is off).
        Raises MediaReadError (wahook.media.read_error), whose `retryable` says whether to try
        again later."""
        if kind in AUDIO_KINDS:
            if self.transcriber is None:
                return None
            transcript = await self.transcriber.transcribe(data, mime_type)
            return transcript and self.counter.cut_text(transcript, self.settings.transcript_tokens)
        if kind == "document":
            return await read_document(
                mime_type,
                data,
                counter=self.counter,
                max_tokens=self.settings.document_tokens,
                timeout_seconds=self.settings.document_timeout_seconds,
                filename=filename,
            )
        return None

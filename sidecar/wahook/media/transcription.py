"""Voice notes and audio to text: POST {base}/audio/transcriptions of an OpenAI-compatible server
(OpenAI, a local whisper server, ...), multipart with `file`, `model`, `response_format=json` and,
when set, `language`; the answer's `text` is the transcript.

WhatsApp sends voice notes as OGG/Opus, which OpenAI takes as it is; for a server that does not,
WAHOOK_TRANSCRIPTION_FORMAT names a format ffmpeg converts to first (wahook.media.audio_conversion).
The server tells the format by the file name's extension, so the upload is named after the type.

One call, conversion included, has a deadline (WAHOOK_TRANSCRIPTION_TIMEOUT_SECONDS). It is made
once: the media step that calls it retries a retryable failure with its own backoff. Outcomes:
the transcript (None when the server heard nothing), or MediaReadError with code
transcription_timeout, transcription_unreachable, transcription_rate_limited,
transcription_server_error (5xx, 408; all retryable), transcription_http_<status> (refused: not retryable),
transcription_invalid_response (retryable), or a conversion error. The API key is sent as a bearer
token and appears in no log line, repr or exception.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import httpx

from wahook.agent.openai_endpoint import OpenAIEndpoint, api_error_code
from wahook.config import MediaReadingSettings
from wahook.media.audio_conversion import MIME_TYPES, convert_audio
from wahook.media.mime import base_type
from wahook.media.read_error import MediaReadError

logger = logging.getLogger(__name__)

# File name extensions by audio type, for the server's format check (WhatsApp's audio types).
EXTENSIONS = {
    "audio/ogg": "ogg",
    "audio/opus": "ogg",
    "audio/mpeg": "mp3",
    "audio/mp3": "mp3",
    "audio/mp4": "m4a",
    "audio/m4a": "m4a",
    "audio/x-m4a": "m4a",
    "audio/aac": "aac",
    "audio/amr": "amr",
    "audio/wav": "wav",
    "audio/x-wav": "wav",
    "audio/webm": "webm",
    "audio/flac": "flac",
}


class Transcriber(OpenAIEndpoint):
    def __init__(
        self,
        *,
        base_url: str,
        api_key: str,
        model: str,
        fmt: str | None = None,
        language: str | None = None,
        timeout_seconds: float = 60.0,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        super().__init__(base_url, "/audio/transcriptions", api_key, client)
        self.model = model
        self.fmt = fmt
        self.language = language
        self.timeout_seconds = timeout_seconds

    @classmethod
    def from_settings(
        cls, settings: MediaReadingSettings, client: httpx.AsyncClient | None = None
    ) -> Transcriber | None:
        """The transcriber the settings name, or None when transcription is off."""
        if settings.transcription_model is None:
            return None
        return cls(
            base_url=settings.transcription_base_url,
            api_key=settings.transcription_api_key,
            model=settings.transcription_model,
            fmt=settings.transcription_format,
            language=settings.transcription_language,
            timeout_seconds=settings.transcription_timeout_seconds,
            client=client,
        )

    def __repr__(self) -> str:
        return f"Transcriber(url={self.url!r}, model={self.model!r}, fmt={self.fmt!r})"

    async def transcribe(self, data: bytes, mime_type: str, correlation_id: str | None = None) -> str | None:
        """The transcript of the audio, or None when it is empty (silence)."""
        started = time.monotonic()
        deadline = started + self.timeout_seconds
        if self.fmt is not None:
            data = await convert_audio(data, self.fmt, timeout_seconds=self.timeout_seconds)
            upload = (f"audio.{self.fmt}", data, MIME_TYPES[self.fmt])
        else:
            media_type = base_type(mime_type)
            upload = (f"audio.{EXTENSIONS.get(media_type, 'ogg')}", data, media_type or "audio/ogg")
        fields: dict[str, str] = {"model": self.model, "response_format": "json"}
        if self.language:
            fields["language"] = self.language
        headers = self._headers(correlation_id)
        remaining = max(deadline - time.monotonic(), 0.001)
        try:
            response = await self._client.post(
                self.url, data=fields, files={"file": upload}, headers=headers, timeout=remaining
            )
        except httpx.TimeoutException:
            raise MediaReadError(
                "transcription_timeout",
                f"no transcript within {self.timeout_seconds:g} s",
                retryable=True,
            ) from None
        except httpx.TransportError as exc:
            raise MediaReadError(
                "transcription_unreachable",
                f"transcription server unreachable ({type(exc).__name__})",
                retryable=True,
            ) from None
        if not response.is_success:
            raise error_for(response)
        text = transcript_of(response)
        logger.info(
            "audio transcribed",
            extra={
                "event": "media.transcribed",
                "latency_ms": round((time.monotonic() - started) * 1000),
                "status": response.status_code,
            },
        )
        return text.strip() or None


def transcript_of(response: httpx.Response) -> str:
    try:
        data: Any = response.json()
        text = data["text"]
    except (ValueError, KeyError, TypeError):
        raise MediaReadError(
            "transcription_invalid_response",
            "the transcription server answered without a text",
            retryable=True,
        ) from None
    if not isinstance(text, str):
        raise MediaReadError(
            "transcription_invalid_response", "the transcription's text is not a string", retryable=True
        )
    return text


def error_for(response: httpx.Response) -> MediaReadError:
    status = response.status_code
    detail = api_error_code(response)
    message = f"transcription server answered {status}" + (f" ({detail})" if detail else "")
    if status == 429:
        return MediaReadError("transcription_rate_limited", message, retryable=True)
    if status >= 500 or status == 408:
        return MediaReadError("transcription_server_error", message, retryable=True)
    return MediaReadError(f"transcription_http_{status}", message, retryable=False)

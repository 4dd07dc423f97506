"""What is done with downloaded media (wahook.media): voice notes transcribed, documents read into
text, images given to a model that sees them (meanings and defaults in README.md, Environment)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from wahook.config.agent import AgentSettings
from wahook.config.environment import ConfigError, environ, positive_int, positive_seconds
from wahook.config.redaction import redacted_repr, secret

# Formats ffmpeg can write to a pipe (no seeking back) that OpenAI's transcription endpoint takes.
TRANSCRIPTION_FORMATS = ("mp3", "wav", "flac", "webm")
LANGUAGE = re.compile(r"[a-z]{2,3}")


@dataclass(frozen=True)
class MediaReadingSettings:
    # WAHOOK_TRANSCRIPTION_MODEL: None, voice notes and audio are not transcribed (read as [audio]).
    transcription_model: str | None = None
    transcription_base_url: str = AgentSettings.openai_base_url
    transcription_api_key: str = secret()
    # None: the audio goes as WhatsApp sent it (OGG/Opus); else ffmpeg converts it to this first.
    transcription_format: str | None = None
    # ISO-639-1 hint for the transcription model; None: it detects the language.
    transcription_language: str | None = None
    transcription_timeout_seconds: float = 60.0
    # A transcript is cut to this many tokens (about 20 minutes of speech), so that one long voice
    # note cannot outgrow the context window.
    transcript_tokens: int = 4000
    # A document's text is cut to this many tokens (the chat model's encoding).
    document_tokens: int = 2000
    # A PDF's text extraction runs in a child process killed past this long.
    document_timeout_seconds: float = 20.0
    # WAHOOK_MODEL_VISION=1: the chat model takes images, so an image goes to it as an image part.
    model_vision: bool = False
    # Context tokens counted for one image part (sent with detail "low": OpenAI's documented fixed
    # cost is 85 for the gpt-4o family; other models count differently).
    image_tokens: int = 85

    def __repr__(self) -> str:
        # The API key never reaches logs or tracebacks through a repr.
        return redacted_repr(self)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> MediaReadingSettings:
        """Read and check the variables; ConfigError names the variable and what is wrong with it."""
        env = environ(env)
        model = env.get("WAHOOK_TRANSCRIPTION_MODEL", "").strip() or None
        # The chat provider's endpoint and key unless the transcription has its own.
        base_url = (
            env.get("WAHOOK_TRANSCRIPTION_BASE_URL", "").strip()
            or env.get("OPENAI_BASE_URL", "").strip()
            or cls.transcription_base_url
        ).rstrip("/")
        if not base_url.startswith(("http://", "https://")):
            raise ConfigError(f"WAHOOK_TRANSCRIPTION_BASE_URL must be an http(s) URL, not {base_url!r}")
        key = env.get("WAHOOK_TRANSCRIPTION_API_KEY", "").strip() or env.get("OPENAI_API_KEY", "").strip()
        fmt = env.get("WAHOOK_TRANSCRIPTION_FORMAT", "").strip().lower() or None
        if fmt is not None and fmt not in TRANSCRIPTION_FORMATS:
            raise ConfigError(
                f"WAHOOK_TRANSCRIPTION_FORMAT must be one of {', '.join(TRANSCRIPTION_FORMATS)} "
                f"(or unset: the OGG/Opus as sent), not {fmt!r}"
            )
        language = env.get("WAHOOK_TRANSCRIPTION_LANGUAGE", "").strip().lower() or None
        if language is not None and not LANGUAGE.fullmatch(language):
            raise ConfigError(
                f"WAHOOK_TRANSCRIPTION_LANGUAGE must be an ISO-639-1 code such as en, not {language!r}"
            )
        vision = env.get("WAHOOK_MODEL_VISION", "").strip()
        if vision not in ("", "0", "1"):
            raise ConfigError(f"WAHOOK_MODEL_VISION must be 1 or 0, not {vision!r}")
        return cls(
            transcription_model=model,
            transcription_base_url=base_url,
            transcription_api_key=key,
            transcription_format=fmt,
            transcription_language=language,
            transcription_timeout_seconds=positive_seconds(
                env, "WAHOOK_TRANSCRIPTION_TIMEOUT_SECONDS", cls.transcription_timeout_seconds
            ),
            transcript_tokens=positive_int(env, "WAHOOK_TRANSCRIPT_TOKENS", cls.transcript_tokens),
            document_tokens=positive_int(env, "WAHOOK_DOCUMENT_TOKENS", cls.document_tokens),
            document_timeout_seconds=positive_seconds(
                env, "WAHOOK_DOCUMENT_TIMEOUT_SECONDS", cls.document_timeout_seconds
            ),
            model_vision=vision == "1",
            image_tokens=positive_int(env, "WAHOOK_IMAGE_TOKENS", cls.image_tokens),
        )

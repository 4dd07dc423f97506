"""The media reading settings and MediaReader, which picks by the message's type what is read:
audio through the transcription stand-in (real HTTP), documents into text, nothing for the rest."""

from __future__ import annotations

import asyncio

import pytest

from tests.fake_openai import FakeOpenAI, transcript_for
from tests.media_files import image, pdf, voice_note
from wahook.agent.tokens import TokenCounter
from wahook.config import ConfigError, MediaReadingSettings
from wahook.media.reading import MediaReader

COUNTER = TokenCounter("gpt-4o-mini")


def test_by_default_nothing_is_transcribed_and_documents_get_2000_tokens() -> None:
    settings = MediaReadingSettings.from_env({})
    assert settings == MediaReadingSettings()
    assert settings.transcription_model is None
    assert (settings.document_tokens, settings.model_vision, settings.image_tokens) == (2000, False, 85)


def test_transcription_uses_the_chat_providers_endpoint_and_key_unless_it_has_its_own() -> None:
    shared = MediaReadingSettings.from_env(
        {
            "WAHOOK_TRANSCRIPTION_MODEL": "whisper-1",
            "OPENAI_BASE_URL": "http://llm.internal/v1/",
            "OPENAI_API_KEY": "sk-chat",
        }
    )
    assert (shared.transcription_base_url, shared.transcription_api_key) == (
        "http://llm.internal/v1",
        "sk-chat",
    )
    own = MediaReadingSettings.from_env(
        {
            "WAHOOK_TRANSCRIPTION_MODEL": "whisper-large-v3",
            "OPENAI_BASE_URL": "http://llm.internal/v1",
            "OPENAI_API_KEY": "sk-chat",
            "WAHOOK_TRANSCRIPTION_BASE_URL": "http://whisper.internal:8000/v1",
            "WAHOOK_TRANSCRIPTION_API_KEY": "sk-whisper",
            "WAHOOK_TRANSCRIPTION_FORMAT": "MP3",
            "WAHOOK_TRANSCRIPTION_LANGUAGE": "PT",
            "WAHOOK_TRANSCRIPTION_TIMEOUT_SECONDS": "12.5",
            "WAHOOK_TRANSCRIPT_TOKENS": "900",
            "WAHOOK_DOCUMENT_TOKENS": "300",
            "WAHOOK_DOCUMENT_TIMEOUT_SECONDS": "5",
            "WAHOOK_MODEL_VISION": "1",
            "WAHOOK_IMAGE_TOKENS": "765",
        }
    )
    assert own == MediaReadingSettings(
        transcription_model="whisper-large-v3",
        transcription_base_url="http://whisper.internal:8000/v1",
        transcription_api_key="sk-whisper",
        transcription_format="mp3",
        transcription_language="pt",
        transcription_timeout_seconds=12.5,
        transcript_tokens=900,
        document_tokens=300,
        document_timeout_seconds=5,
        model_vision=True,
        image_tokens=765,
    )
    assert "sk-whisper" not in repr(own) and "<set>" in repr(own)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("WAHOOK_TRANSCRIPTION_FORMAT", "aac"),
        ("WAHOOK_TRANSCRIPTION_LANGUAGE", "english"),
        ("WAHOOK_TRANSCRIPTION_BASE_URL", "ftp://whisper"),
        ("WAHOOK_TRANSCRIPTION_TIMEOUT_SECONDS", "0"),
        ("WAHOOK_DOCUMENT_TOKENS", "0"),
        ("WAHOOK_TRANSCRIPT_TOKENS", "-5"),
        ("WAHOOK_DOCUMENT_TIMEOUT_SECONDS", "-1"),
        ("WAHOOK_MODEL_VISION", "yes"),
        ("WAHOOK_IMAGE_TOKENS", "many"),
    ],
)
def test_a_bad_setting_is_named(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        MediaReadingSettings.from_env({name: value})


def read_all(
    settings: MediaReadingSettings, items: list[tuple[str, str, bytes, str | None]]
) -> list[str | None]:
    async def scenario() -> list[str | None]:
        reader = MediaReader(settings, COUNTER)
        try:
            return [await reader.read(kind, mime, data, filename) for kind, mime, data, filename in items]
        finally:
            await reader.aclose()

    return asyncio.run(scenario())


def test_each_kind_is_read_its_own_way(fake_openai: FakeOpenAI, openai_url: str) -> None:
    note = voice_note()
    items = [
        ("audio", "audio/ogg; codecs=opus", note, None),
        ("document", "application/pdf", pdf("Terms and conditions apply"), "terms.pdf"),
        ("document", "text/plain", b"one two three four five six", "notes.txt"),
        ("image", "image/jpeg", image(), None),
        ("sticker", "image/webp", b"RIFF....WEBP", None),
        ("video", "video/mp4", b"\x00\x00\x00\x18ftypmp42", None),
    ]
    on = MediaReadingSettings(
        transcription_model="whisper-1", transcription_base_url=openai_url, document_tokens=3
    )
    assert read_all(on, items) == [
        transcript_for(note),
        "Terms and conditions",
        "one two three",
        None,
        None,
        None,
    ]
    assert [t.fields["model"] for t in fake_openai.transcriptions] == ["whisper-1"]

    short = MediaReadingSettings(
        transcription_model="whisper-1", transcription_base_url=openai_url, transcript_tokens=2
    )
    assert read_all(short, items[:1]) == [COUNTER.cut_text(transcript_for(note), 2)]
    assert COUNTER.count_text(COUNTER.cut_text(transcript_for(note), 2)) == 2

    off = MediaReadingSettings(transcription_base_url=openai_url)
    assert read_all(off, items[:1]) == [None]
    assert len(fake_openai.transcriptions) == 2  # transcription off: no call

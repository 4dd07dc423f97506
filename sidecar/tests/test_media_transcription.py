"""Voice notes to text through the OpenAI stand-in's /audio/transcriptions (real HTTP), as WhatsApp
sends them (OGG/Opus) or converted by ffmpeg first, and every way it fails."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

from tests.fake_openai import FakeOpenAI, transcript_for
from tests.host_tools import require
from tests.media_files import ffmpeg, voice_note
from tests.server_support import free_port
from wahook.media import audio_conversion
from wahook.media.audio_conversion import convert_audio
from wahook.media.read_error import MediaReadError
from wahook.media.transcription import Transcriber

KEY = "sk-transcribe-key-do-not-leak"
OGG = "audio/ogg; codecs=opus"


@pytest.fixture(scope="module")
def note() -> bytes:
    return voice_note(440)


def transcribe(base_url: str, data: bytes, mime_type: str = OGG, **options: Any) -> str | None:
    async def scenario() -> str | None:
        transcriber = Transcriber(base_url=base_url, api_key=KEY, model="whisper-1", **options)
        try:
            return await transcriber.transcribe(data, mime_type, correlation_id="req-7")
        finally:
            await transcriber.aclose()

    return asyncio.run(scenario())


def fails(base_url: str, data: bytes, mime_type: str = OGG, **options: Any) -> MediaReadError:
    with pytest.raises(MediaReadError) as raised:
        transcribe(base_url, data, mime_type, **options)
    return raised.value


def duration_of(data: bytes) -> float:
    """Seconds of sound in the file, by decoding it (a piped file's header has no duration)."""
    pcm = ffmpeg("-i", "pipe:0", "-f", "s16le", "-ac", "1", "-ar", "16000", input=data, timeout=30)
    return len(pcm) / (16000 * 2)


def test_a_voice_note_goes_as_ogg_opus_and_its_transcript_comes_back(
    fake_openai: FakeOpenAI, openai_url: str, note: bytes
) -> None:
    assert transcribe(openai_url, note, language="de") == transcript_for(note)
    [received] = fake_openai.transcriptions
    assert received.data == note
    assert (received.filename, received.content_type) == ("audio.ogg", "audio/ogg")
    assert received.fields == {"model": "whisper-1", "response_format": "json", "language": "de"}
    assert received.headers["authorization"] == f"Bearer {KEY}"
    assert received.headers["x-client-request-id"] == "req-7"


def test_different_recordings_read_differently(fake_openai: FakeOpenAI, openai_url: str, note: bytes) -> None:
    other = voice_note(880)
    assert transcribe(openai_url, note) != transcribe(openai_url, other)
    assert "language" not in fake_openai.transcriptions[0].fields


@pytest.mark.parametrize(("fmt", "magic"), [("mp3", b"ID3"), ("wav", b"RIFF"), ("flac", b"fLaC")])
def test_a_server_that_refuses_ogg_gets_the_audio_converted_by_ffmpeg(
    fake_openai: FakeOpenAI, openai_url: str, note: bytes, fmt: str, magic: bytes
) -> None:
    fake_openai.transcription_formats = frozenset({fmt})
    refused = fails(openai_url, note)
    assert (refused.code, refused.retryable) == ("transcription_http_400", False)

    text = transcribe(openai_url, note, fmt=fmt)
    converted = fake_openai.transcriptions[-1]
    assert converted.filename == f"audio.{fmt}"
    assert converted.data.startswith(magic)
    assert text == transcript_for(converted.data)
    # The same second of sound, really decoded and re-encoded.
    assert duration_of(converted.data) == pytest.approx(1.0, abs=0.1)


@pytest.mark.parametrize(
    ("status", "code", "retryable"),
    [
        (429, "transcription_rate_limited", True),
        (500, "transcription_server_error", True),
        (503, "transcription_server_error", True),
        (408, "transcription_server_error", True),
        (401, "transcription_http_401", False),
        (413, "transcription_http_413", False),
    ],
)
def test_errors_are_classified_and_never_show_the_key(
    fake_openai: FakeOpenAI,
    openai_url: str,
    note: bytes,
    caplog: pytest.LogCaptureFixture,
    status: int,
    code: str,
    retryable: bool,
) -> None:
    caplog.set_level(logging.DEBUG)
    fake_openai.fail_transcriptions_next(1, status)
    error = fails(openai_url, note)
    assert (error.code, error.retryable) == (code, retryable)
    assert KEY not in str(error) + repr(error) + caplog.text
    # A transient failure is gone the next time.
    assert transcribe(openai_url, note) == transcript_for(note)


def test_an_unreachable_server_is_retryable(note: bytes) -> None:
    error = fails(f"http://127.0.0.1:{free_port()}/v1", note)
    assert (error.code, error.retryable) == ("transcription_unreachable", True)


def test_a_slow_server_times_out_retryably(fake_openai: FakeOpenAI, openai_url: str, note: bytes) -> None:
    fake_openai.answer_transcriptions_next({"text": "late"}, stall_seconds=5)
    error = fails(openai_url, note, timeout_seconds=0.3)
    assert (error.code, error.retryable) == ("transcription_timeout", True)


def test_answers_without_a_transcript(fake_openai: FakeOpenAI, openai_url: str, note: bytes) -> None:
    fake_openai.answer_transcriptions_next({"text": "  \n"})
    assert transcribe(openai_url, note) is None  # silence: the message reads as [audio]
    fake_openai.answer_transcriptions_next({"words": []})
    error = fails(openai_url, note)
    assert (error.code, error.retryable) == ("transcription_invalid_response", True)


def test_audio_ffmpeg_cannot_read_fails_for_good(fake_openai: FakeOpenAI, openai_url: str) -> None:
    require("ffmpeg", "the conversion")
    error = fails(openai_url, b"OggS" + b"\x00" * 500, fmt="mp3")
    assert (error.code, error.retryable) == ("conversion_failed", False)
    assert "ffmpeg could not convert the audio" in str(error)
    assert fake_openai.transcriptions == []


def test_conversion_is_bounded_in_time_and_size() -> None:
    long_note = voice_note(440, seconds=30)

    async def convert(**options: Any) -> bytes:
        return await convert_audio(long_note, "wav", **options)

    with pytest.raises(MediaReadError) as too_long:
        asyncio.run(convert(timeout_seconds=30, max_output_bytes=10_000))
    assert (too_long.value.code, too_long.value.retryable) == ("conversion_too_long", False)
    with pytest.raises(MediaReadError) as too_slow:
        asyncio.run(convert(timeout_seconds=0.001))
    assert (too_slow.value.code, too_slow.value.retryable) == ("conversion_timeout", True)
    # 30 s of mono 16 kHz 16-bit PCM, with its header: the whole output when nothing bounds it.
    assert len(asyncio.run(convert(timeout_seconds=30))) == pytest.approx(30 * 16000 * 2, rel=0.01)


def test_without_ffmpeg_the_conversion_says_what_is_missing(
    monkeypatch: pytest.MonkeyPatch, openai_url: str, note: bytes
) -> None:
    monkeypatch.setattr(audio_conversion, "FFMPEG", "/nonexistent/ffmpeg")
    error = fails(openai_url, note, fmt="mp3")
    assert (error.code, error.retryable) == ("ffmpeg_missing", False)
    assert "ffmpeg" in str(error)

"""Audio conversion with ffmpeg, for a transcription endpoint that does not take WhatsApp's
OGG/Opus (WAHOOK_TRANSCRIPTION_FORMAT).

ffmpeg runs as a child process without a shell, the audio in on stdin and the converted audio out
on stdout (nothing touches the disk); it is killed at the deadline, and its output is bounded, so
a hostile file can neither hang a worker nor fill its memory. Speech needs no more than mono
16 kHz, which keeps uploads small.
"""

from __future__ import annotations

import asyncio
import contextlib

from wahook.media.child_process import failure_reason, reaped
from wahook.media.read_error import MediaReadError

FFMPEG = "ffmpeg"
# OpenAI's transcription endpoint takes files up to 25 MB; a longer recording fails there anyway.
MAX_OUTPUT_BYTES = 25 * 1024 * 1024
CHUNK = 64 * 1024
STDERR_KEPT = 2000
MIME_TYPES = {"mp3": "audio/mpeg", "wav": "audio/wav", "flac": "audio/flac", "webm": "audio/webm"}


def ffmpeg_command(fmt: str) -> list[str]:
    return [
        FFMPEG,
        *("-hide_banner", "-loglevel", "error", "-nostdin"),
        *("-i", "pipe:0"),
        # Audio only, no metadata (tags, cover art) carried over, speech quality.
        *("-vn", "-map_metadata", "-1", "-ac", "1", "-ar", "16000"),
        *("-f", fmt, "pipe:1"),
    ]


async def convert_audio(
    data: bytes, fmt: str, *, timeout_seconds: float, max_output_bytes: int = MAX_OUTPUT_BYTES
) -> bytes:
    """The audio converted to `fmt` (mp3, wav, flac, webm).

    Raises MediaReadError: ffmpeg_missing (not installed), conversion_failed (ffmpeg could not read
    the input: never retryable), conversion_too_long (the output passes `max_output_bytes`),
    conversion_timeout (retryable: a loaded machine may do it next time)."""
    if fmt not in MIME_TYPES:
        raise ValueError(f"no conversion to {fmt!r}")
    try:
        process = await asyncio.create_subprocess_exec(
            *ffmpeg_command(fmt),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
    except FileNotFoundError:
        raise MediaReadError(
            "ffmpeg_missing",
            "ffmpeg is not installed; WAHOOK_TRANSCRIPTION_FORMAT needs it (Debian package ffmpeg)",
            retryable=False,
        ) from None
    assert process.stdin and process.stdout and process.stderr
    try:
        async with reaped(process), asyncio.timeout(timeout_seconds):
            _, output, errors = await asyncio.gather(
                feed(process.stdin, data),
                read_output(process, max_output_bytes),
                read_tail(process.stderr),
            )
            returncode = await process.wait()
    except TimeoutError:
        raise MediaReadError(
            "conversion_timeout", f"ffmpeg did not finish within {timeout_seconds:g} s", retryable=True
        ) from None
    if output is None:
        raise MediaReadError(
            "conversion_too_long",
            f"the converted audio passes {max_output_bytes} bytes (too long to transcribe)",
            retryable=False,
        )
    if returncode != 0 or not output:
        reason = failure_reason(errors, returncode, STDERR_KEPT)
        raise MediaReadError(
            "conversion_failed", f"ffmpeg could not convert the audio: {reason}", retryable=False
        )
    return output


async def feed(stdin: asyncio.StreamWriter, data: bytes) -> None:
    try:
        stdin.write(data)
        await stdin.drain()
    except (BrokenPipeError, ConnectionResetError):
        pass  # ffmpeg stopped reading (unreadable input): its exit code says why
    finally:
        stdin.close()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            await stdin.wait_closed()


async def read_output(process: asyncio.subprocess.Process, limit: int) -> bytes | None:
    """ffmpeg's whole output, or None (and ffmpeg killed, so that nothing waits on it) past `limit`."""
    assert process.stdout
    chunks: list[bytes] = []
    size = 0
    while chunk := await process.stdout.read(CHUNK):
        size += len(chunk)
        if size > limit:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            return None
        chunks.append(chunk)
    return b"".join(chunks)


async def read_tail(stream: asyncio.StreamReader) -> bytes:
    """The last STDERR_KEPT bytes of the stream, read to its end (for an error message)."""
    tail = b""
    while chunk := await stream.read(CHUNK):
        tail = (tail + chunk)[-STDERR_KEPT:]
    return tail

"""The child processes that read media (ffmpeg, the PDF reader) are never left behind."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator


@contextlib.asynccontextmanager
async def reaped(process: asyncio.subprocess.Process) -> AsyncIterator[asyncio.subprocess.Process]:
    """Kills `process` if it still runs when the block ends (a timeout, a cancellation, an error),
    and waits for it, so that no child outlives the read that started it."""
    try:
        yield process
    finally:
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()


def failure_reason(stderr: bytes, returncode: int | None, max_chars: int) -> str:
    """Why a child failed, for an error message: the last line it wrote to stderr (cut to
    `max_chars`), else its exit code."""
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1][:max_chars] if lines else f"exit code {returncode}"

"""How Meta delivers a webhook: POST it signed, and retry with exponential backoff until it gets a
200 (Meta keeps trying for days; the chaos run's stand-ins keep trying until they get one, with
delays shortened to fit the run)."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx

FIRST_DELAY_SECONDS = 0.25
MAX_DELAY_SECONDS = 4.0


async def deliver(
    client: httpx.AsyncClient, limit: asyncio.Semaphore, url: str, raw: bytes, headers: dict[str, str]
) -> Counter[int]:
    """Posts until a 200; returns the answers that were not 200 by status (0: no answer at all)."""
    seen: Counter[int] = Counter()
    delay = FIRST_DELAY_SECONDS
    while True:
        async with limit:
            try:
                response = await client.post(url, content=raw, headers=headers)
                status = response.status_code
            except httpx.HTTPError:
                status = 0
        if status == 200:
            return seen
        seen[status] += 1
        await asyncio.sleep(delay)
        delay = min(delay * 2, MAX_DELAY_SECONDS)

"""Per business phone number pacing of Graph API sends: a token bucket per phone_number_id.

Meta's default throughput is 80 messages per second per business number; beyond it sends fail
with 130429. Each number's bucket holds up to `burst` tokens (default: one second's worth) and
refills at `rate_per_second`. A caller takes a token or reserves the next one and sleeps until it
is due; reservations queue up fairly because the balance may go negative. The clock and the sleep
are injectable, so tests drive time without sleeping.

One bucket set per event loop (no locks: `reserve` does not await).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

DEFAULT_MESSAGES_PER_SECOND = 80.0


@dataclass
class _Bucket:
    tokens: float
    updated_at: float


class RateLimiter:
    def __init__(
        self,
        rate_per_second: float = DEFAULT_MESSAGES_PER_SECOND,
        burst: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if rate_per_second <= 0:
            raise ValueError("rate_per_second must be positive")
        self.rate_per_second = rate_per_second
        self.burst = rate_per_second if burst is None else burst
        if self.burst < 1:
            raise ValueError("burst must be at least 1")
        self._clock = clock
        self._sleep = sleep
        self._buckets: dict[str, _Bucket] = {}

    def __repr__(self) -> str:
        return f"RateLimiter(rate_per_second={self.rate_per_second}, burst={self.burst})"

    def reserve(self, key: str) -> float:
        """Takes the next token of `key`'s bucket; returns how many seconds to wait before using it."""
        now = self._clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(self.burst, now)
        elapsed = max(0.0, now - bucket.updated_at)
        bucket.tokens = min(self.burst, bucket.tokens + elapsed * self.rate_per_second)
        bucket.updated_at = now
        bucket.tokens -= 1.0
        return 0.0 if bucket.tokens >= 0 else -bucket.tokens / self.rate_per_second

    async def acquire(self, key: str) -> None:
        """Waits until `key` may send one more message."""
        delay = self.reserve(key)
        if delay > 0:
            await self._sleep(delay)

from __future__ import annotations

import asyncio

import pytest

from wahook.outbox.ratelimit import RateLimiter


class FakeClock:
    """Time that moves only when told, or when the limiter sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_a_number_sends_80_at_once_then_one_every_80th_of_a_second() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock=clock)
    assert [limiter.reserve("pn-1") for _ in range(80)] == [0.0] * 80
    assert [limiter.reserve("pn-1") for _ in range(3)] == pytest.approx([1 / 80, 2 / 80, 3 / 80])


def test_the_bucket_refills_with_time_up_to_the_burst() -> None:
    clock = FakeClock()
    limiter = RateLimiter(rate_per_second=10, burst=5, clock=clock)
    assert [limiter.reserve("pn-1") for _ in range(5)] == [0.0] * 5
    clock.now += 0.2  # two tokens back
    assert [limiter.reserve("pn-1") for _ in range(3)] == pytest.approx([0.0, 0.0, 0.1])
    clock.now += 60  # never more than the burst
    assert [limiter.reserve("pn-1") for _ in range(6)] == pytest.approx([0.0] * 5 + [0.1])


def test_numbers_are_paced_independently() -> None:
    clock = FakeClock()
    limiter = RateLimiter(rate_per_second=2, burst=1, clock=clock)
    assert limiter.reserve("pn-1") == 0.0
    assert limiter.reserve("pn-1") == pytest.approx(0.5)
    assert limiter.reserve("pn-2") == 0.0


def test_acquire_sleeps_until_the_token_is_due_and_keeps_the_rate() -> None:
    clock = FakeClock()
    limiter = RateLimiter(rate_per_second=80, clock=clock, sleep=clock.sleep)

    async def send_all(count: int) -> None:
        for _ in range(count):
            await limiter.acquire("pn-1")

    start = clock.now
    asyncio.run(send_all(240))
    # 80 at once, then 160 more at 80 per second: two seconds, never faster.
    assert clock.now - start == pytest.approx(2.0)
    assert len(clock.slept) == 160


def test_concurrent_callers_queue_in_turn() -> None:
    clock = FakeClock()
    limiter = RateLimiter(rate_per_second=4, burst=1, clock=clock)
    # Reservations taken at the same instant are spaced by the rate, not all granted at once.
    assert [limiter.reserve("pn-1") for _ in range(4)] == pytest.approx([0.0, 0.25, 0.5, 0.75])


def test_rejects_nonsense_settings() -> None:
    with pytest.raises(ValueError, match="rate_per_second"):
        RateLimiter(rate_per_second=0)
    with pytest.raises(ValueError, match="burst"):
        RateLimiter(rate_per_second=5, burst=0.5)

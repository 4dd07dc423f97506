from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from wahook.agent.breaker import BreakerState, CircuitBreaker
from wahook.agent.types import ProviderError


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Operation:
    """An operation that counts its calls and succeeds or fails as told."""

    def __init__(self) -> None:
        self.calls = 0
        self.error: BaseException | None = None

    async def __call__(self) -> str:
        self.calls += 1
        await asyncio.sleep(0)
        if self.error is not None:
            raise self.error
        return "ok"


def state_of(breaker: CircuitBreaker) -> BreakerState:
    return breaker.state


RETRYABLE = ProviderError("server_error", "provider answered 500", retryable=True, status=500)


def run(breaker: CircuitBreaker, operation: Callable[[], Awaitable[str]]) -> str:
    return asyncio.run(breaker.call(operation))


def fail(breaker: CircuitBreaker, operation: Operation) -> ProviderError:
    with pytest.raises(ProviderError) as info:
        run(breaker, operation)
    return info.value


def tripped(failures: int = 1) -> tuple[FakeClock, CircuitBreaker, Operation]:
    """A breaker (30 s cool-down) opened by `failures` failing calls of an operation that still fails."""
    clock = FakeClock()
    breaker = CircuitBreaker(failure_threshold=failures, reset_seconds=30, clock=clock)
    op = Operation()
    op.error = RETRYABLE
    for _ in range(failures):
        fail(breaker, op)
    return clock, breaker, op


def test_opens_after_n_consecutive_failures_and_then_fails_fast() -> None:
    clock = FakeClock()
    breaker = CircuitBreaker(failure_threshold=3, reset_seconds=30, clock=clock)
    op = Operation()
    op.error = RETRYABLE
    for _ in range(2):
        assert fail(breaker, op) is RETRYABLE
    assert state_of(breaker) is BreakerState.CLOSED
    assert fail(breaker, op) is RETRYABLE
    assert state_of(breaker) is BreakerState.OPEN
    assert op.calls == 3

    clock.advance(10)
    error = fail(breaker, op)
    assert (error.code, error.retryable, error.retry_after) == ("circuit_open", True, 20)
    assert op.calls == 3


def test_a_success_resets_the_count() -> None:
    breaker = CircuitBreaker(failure_threshold=2, clock=FakeClock())
    op = Operation()
    op.error = RETRYABLE
    fail(breaker, op)
    op.error = None
    assert run(breaker, op) == "ok"
    op.error = RETRYABLE
    fail(breaker, op)
    assert state_of(breaker) is BreakerState.CLOSED
    assert breaker.consecutive_failures == 1


def test_non_retryable_errors_do_not_open_it() -> None:
    breaker = CircuitBreaker(failure_threshold=1, clock=FakeClock())
    op = Operation()
    op.error = ProviderError("http_400", "provider answered 400", retryable=False, status=400)
    for _ in range(3):
        assert fail(breaker, op).code == "http_400"
    assert state_of(breaker) is BreakerState.CLOSED


def test_unexpected_exceptions_count_as_failures() -> None:
    breaker = CircuitBreaker(failure_threshold=1, clock=FakeClock())
    op = Operation()
    op.error = RuntimeError("bug")
    with pytest.raises(RuntimeError):
        run(breaker, op)
    assert state_of(breaker) is BreakerState.OPEN


def test_half_open_trial_success_closes_it() -> None:
    clock, breaker, op = tripped()
    clock.advance(29.9)
    assert fail(breaker, op).code == "circuit_open"
    clock.advance(0.1)
    assert state_of(breaker) is BreakerState.HALF_OPEN
    op.error = None
    assert run(breaker, op) == "ok"
    assert state_of(breaker) is BreakerState.CLOSED
    assert op.calls == 2


def test_half_open_trial_failure_opens_it_for_another_cool_down() -> None:
    clock, breaker, op = tripped(2)
    clock.advance(30)
    assert fail(breaker, op) is RETRYABLE  # the trial, failing once is enough
    assert state_of(breaker) is BreakerState.OPEN
    clock.advance(15)
    assert fail(breaker, op).code == "circuit_open"
    assert op.calls == 3


def test_half_open_lets_only_one_trial_through_at_a_time() -> None:
    clock, breaker, op = tripped()
    clock.advance(30)
    op.error = None
    release = asyncio.Event()

    async def slow() -> str:
        await release.wait()
        return await op()

    async def scenario() -> tuple[str, str]:
        trial = asyncio.create_task(breaker.call(slow))
        await asyncio.sleep(0)
        with pytest.raises(ProviderError) as info:
            await breaker.call(op)
        release.set()
        return await trial, info.value.code

    assert asyncio.run(scenario()) == ("ok", "circuit_open")
    assert state_of(breaker) is BreakerState.CLOSED


def test_a_cancelled_trial_frees_the_trial_slot() -> None:
    clock, breaker, op = tripped()
    clock.advance(30)

    async def hang() -> str:
        await asyncio.Event().wait()
        return "never"

    async def scenario() -> None:
        trial = asyncio.create_task(breaker.call(hang))
        await asyncio.sleep(0)
        trial.cancel()
        with pytest.raises(asyncio.CancelledError):
            await trial

    asyncio.run(scenario())
    op.error = None
    assert run(breaker, op) == "ok"
    assert state_of(breaker) is BreakerState.CLOSED


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        CircuitBreaker(failure_threshold=0)
    with pytest.raises(ValueError, match="negative"):
        CircuitBreaker(reset_seconds=-1)

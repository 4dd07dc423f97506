"""A circuit breaker for agent provider calls.

closed: calls go through; `failure_threshold` consecutive failures open it.
open: calls fail at once with ProviderError(code='circuit_open', retryable=True), without reaching
  the provider, until `reset_seconds` have passed since it opened.
half-open: one trial call goes through (others still fail fast); its success closes the breaker,
  its failure opens it again for another `reset_seconds`.

A failure is a retryable ProviderError (timeouts, 429, 5xx, unreachable) or any unexpected
exception. A non-retryable ProviderError (a 4xx such as a request that is too long) means the
provider is up and answering, so it counts as a success for the breaker's purpose while the error
still reaches the caller. A cancelled call counts as neither.

The breaker belongs to one event loop (no locks); its clock is injectable for tests.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import TypeVar

from wahook.agent.types import ProviderError

logger = logging.getLogger(__name__)

T = TypeVar("T")


class BreakerState(Enum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitBreaker:
    def __init__(
        self,
        failure_threshold: int = 5,
        reset_seconds: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        name: str = "agent",
    ) -> None:
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be at least 1")
        if reset_seconds < 0:
            raise ValueError("reset_seconds must not be negative")
        self.failure_threshold = failure_threshold
        self.reset_seconds = reset_seconds
        self.name = name
        self._clock = clock
        self._state = BreakerState.CLOSED
        self._failures = 0
        self._opened_at = 0.0
        self._trial_running = False

    def __repr__(self) -> str:
        return f"CircuitBreaker(name={self.name!r}, state={self.state.value}, failures={self._failures})"

    @property
    def state(self) -> BreakerState:
        """The state now (an open breaker whose cool-down has passed reads as half-open)."""
        if self._state is BreakerState.OPEN and self._clock() - self._opened_at >= self.reset_seconds:
            return BreakerState.HALF_OPEN
        return self._state

    @property
    def consecutive_failures(self) -> int:
        return self._failures

    def seconds_until_trial(self) -> float:
        """0 unless open; then how long until a trial call is let through."""
        if self._state is not BreakerState.OPEN:
            return 0.0
        return max(0.0, self.reset_seconds - (self._clock() - self._opened_at))

    async def call(self, operation: Callable[[], Awaitable[T]]) -> T:
        """Run the operation through the breaker (or fail fast without running it)."""
        is_trial = self._admit()
        try:
            result = await operation()
        except ProviderError as exc:
            if exc.retryable:
                self._record_failure()
            else:
                self._record_success()
            raise
        except Exception:
            self._record_failure()
            raise
        except BaseException:
            # Cancelled: no verdict on the provider; let the next call be the trial instead.
            if is_trial:
                self._trial_running = False
            raise
        self._record_success()
        return result

    def _admit(self) -> bool:
        """Let the call through (True when it is the half-open trial) or raise circuit_open."""
        state = self.state
        if state is BreakerState.CLOSED:
            return False
        if state is BreakerState.HALF_OPEN and not self._trial_running:
            if self._state is not BreakerState.HALF_OPEN:
                self._state = BreakerState.HALF_OPEN
                logger.info(
                    "circuit breaker %s half-open: trying one call",
                    self.name,
                    extra={"event": "breaker.half_open"},
                )
            self._trial_running = True
            return True
        wait = self.seconds_until_trial()
        raise ProviderError(
            "circuit_open",
            f"the {self.name} circuit breaker is open after {self._failures} consecutive failures",
            retryable=True,
            retry_after=wait if wait > 0 else None,
        )

    def _record_success(self) -> None:
        if self._state is not BreakerState.CLOSED:
            logger.info("circuit breaker %s closed", self.name, extra={"event": "breaker.closed"})
        self._state = BreakerState.CLOSED
        self._failures = 0
        self._trial_running = False

    def _record_failure(self) -> None:
        self._failures += 1
        trial_failed = self._state is BreakerState.HALF_OPEN
        self._trial_running = False
        if trial_failed or (self._state is BreakerState.CLOSED and self._failures >= self.failure_threshold):
            self._state = BreakerState.OPEN
            self._opened_at = self._clock()
            logger.warning(
                "circuit breaker %s open for %ss after %d consecutive failures",
                self.name,
                self.reset_seconds,
                self._failures,
                extra={"event": "breaker.open"},
            )

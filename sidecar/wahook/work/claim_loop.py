"""The run loop the turn workers and the media fetch step share: one claim fills every free slot,
each claimed item runs as its own task, and with nothing to claim the loop waits for a wake-up
(a NOTIFY) or the poll interval. On stop, tasks in flight get a grace period, then are cancelled."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Generic, TypeVar

from wahook.work.listener import Wakeup

Item = TypeVar("Item")


class ClaimLoop(Generic[Item]):
    def __init__(
        self,
        claim: Callable[[int], Awaitable[list[Item]]],
        handle: Callable[[Item], Coroutine[Any, Any, None]],
    ) -> None:
        """`claim(limit)` returns up to `limit` items (none when it could not claim: it logs and
        swallows its own errors); `handle(item)` runs one and never raises but on cancellation."""
        self._claim = claim
        self._handle = handle
        self._wakeup = Wakeup()
        self.running: set[asyncio.Task[None]] = set()

    def wake(self) -> None:
        """Claim now."""
        self._wakeup.set()

    async def run(self, stop: asyncio.Event, *, concurrency: int, poll_seconds: float) -> None:
        """Claims and starts items until `stop` is set; the tasks still running are `drain`'s."""
        while not stop.is_set():
            free = concurrency - len(self.running)
            if free <= 0:
                await self._until_one_ends(stop)
                continue
            items = await self._claim(free)
            if not items:
                await self._wakeup.wait(stop, poll_seconds)
                continue
            for item in items:
                task = asyncio.create_task(self._handle(item))
                self.running.add(task)
                task.add_done_callback(self.running.discard)

    async def drain(self, grace_seconds: float) -> None:
        """Gives the running tasks `grace_seconds` to end, then cancels the rest and waits for them."""
        if not self.running:
            return
        _, late = await asyncio.wait(set(self.running), timeout=grace_seconds)
        for task in late:
            task.cancel()
        await asyncio.gather(*late, return_exceptions=True)

    async def _until_one_ends(self, stop: asyncio.Event) -> None:
        stopping = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait({stopping, *self.running}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopping.cancel()

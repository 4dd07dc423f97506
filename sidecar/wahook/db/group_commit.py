"""Group commit: calls that arrive together go to the database in one transaction.

Each caller submits one item and awaits its own result. A batch leaves when `max_size` items wait,
or `max_delay` seconds after it began to gather (so a lone call waits no longer than that). One
batch is in flight at a time: what arrives meanwhile forms the next one, so batches grow with the
load and shrink to one item when it is light.

The commit function takes the items and returns one result per item, in order; an exception in
place of a result fails that item alone (a lost lease, a refused row). While the database is
unavailable the whole batch is retried as `retry_while_unavailable` does; an error that remains
fails every item of the batch. An item whose caller was cancelled before its batch left is not sent.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

from wahook.db.pool import retry_while_unavailable

Item = TypeVar("Item")
Result = TypeVar("Result")

Commit = Callable[[list[Item]], Awaitable[Sequence[Result | Exception]]]


class GroupCommit(Generic[Item, Result]):
    def __init__(
        self, commit: Commit[Item, Result], *, max_size: int = 64, max_delay: float = 0.002, attempts: int = 3
    ) -> None:
        if max_size < 1:
            raise ValueError("max_size must be at least 1")
        self.commit = commit
        self.max_size = max_size
        self.max_delay = max_delay
        self.attempts = attempts
        self._waiting: list[tuple[Item, asyncio.Future[Result]]] = []
        self._full = asyncio.Event()
        self._flusher: asyncio.Task[None] | None = None

    def __repr__(self) -> str:
        return f"GroupCommit(max_size={self.max_size}, max_delay={self.max_delay})"

    async def submit(self, item: Item) -> Result:
        """The item's own result, once its batch has committed; raises its own error."""
        future: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, future))
        if len(self._waiting) >= self.max_size:
            self._full.set()
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush_while_waiting())
        return await future

    async def _flush_while_waiting(self) -> None:
        while self._waiting:
            if len(self._waiting) < self.max_size:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._full.wait(), self.max_delay)
            self._full.clear()
            batch = [(item, future) for item, future in self._waiting[: self.max_size] if not future.done()]
            del self._waiting[: self.max_size]
            if batch:
                await self._send(batch)

    async def _send(self, batch: list[tuple[Item, asyncio.Future[Result]]]) -> None:
        items = [item for item, _ in batch]
        try:
            results = await retry_while_unavailable(lambda: self.commit(items), self.attempts)
            if len(results) != len(batch):
                raise RuntimeError(f"the commit gave {len(results)} results for {len(batch)} items")
        except Exception as exc:
            for _, future in batch:
                if not future.done():
                    future.set_exception(exc)
            return
        for (_, future), result in zip(batch, results, strict=True):
            if future.done():
                continue
            if isinstance(result, Exception):
                future.set_exception(result)
            else:
                future.set_result(result)

"""The group commit helper: what arrives together shares one call, a lone call is not held back,
each caller gets its own result or error, and an unavailable database is retried."""

from __future__ import annotations

import asyncio
import time

import pytest

from wahook.db import DatabaseUnavailable
from wahook.db.group_commit import GroupCommit
from wahook.errors import LeaseLost


class Recorder:
    """A commit function that records its batches; odd items are refused, as a lost lease is."""

    def __init__(self, unavailable: int = 0) -> None:
        self.batches: list[list[int]] = []
        self.unavailable = unavailable

    async def commit(self, items: list[int]) -> list[int | Exception]:
        if self.unavailable:
            self.unavailable -= 1
            raise DatabaseUnavailable("down")
        self.batches.append(items)
        await asyncio.sleep(0.01)
        return [LeaseLost(f"{i} lost") if i % 2 else i * 10 for i in items]


def test_items_that_arrive_together_share_one_call_and_get_their_own_outcome() -> None:
    recorder = Recorder()

    async def go() -> list[int | BaseException]:
        group = GroupCommit(recorder.commit, max_size=64, max_delay=0.005)
        return await asyncio.gather(*(group.submit(i) for i in range(6)), return_exceptions=True)

    results = asyncio.run(go())
    assert recorder.batches == [[0, 1, 2, 3, 4, 5]]
    assert [r if isinstance(r, int) else type(r).__name__ for r in results] == [
        0,
        "LeaseLost",
        20,
        "LeaseLost",
        40,
        "LeaseLost",
    ], "a refused item fails alone"


def test_batches_are_bounded_and_what_arrives_meanwhile_forms_the_next() -> None:
    recorder = Recorder()

    async def go() -> None:
        group = GroupCommit(recorder.commit, max_size=4, max_delay=0.005)
        first = [asyncio.ensure_future(group.submit(i * 2)) for i in range(6)]
        await asyncio.sleep(0.002)  # the first batch is in flight
        later = [asyncio.ensure_future(group.submit(100 + i * 2)) for i in range(2)]
        await asyncio.gather(*first, *later)

    asyncio.run(go())
    assert recorder.batches == [[0, 2, 4, 6], [8, 10, 100, 102]]


def test_a_lone_item_is_not_held_back() -> None:
    recorder = Recorder()

    async def go() -> float:
        group = GroupCommit(recorder.commit, max_size=64, max_delay=0.002)
        started = time.monotonic()
        await group.submit(2)
        return time.monotonic() - started

    # The commit itself takes 10 ms; the wait for company adds at most a couple.
    assert asyncio.run(go()) < 0.05
    assert recorder.batches == [[2]]


def test_an_unavailable_database_is_retried_then_fails_every_item() -> None:
    async def go(recorder: Recorder) -> list[int | BaseException]:
        group = GroupCommit(recorder.commit, max_delay=0.001, attempts=2)
        return list(await asyncio.gather(group.submit(2), group.submit(4), return_exceptions=True))

    assert asyncio.run(go(Recorder(unavailable=1))) == [20, 40], "one outage is ridden out"
    failed = asyncio.run(go(Recorder(unavailable=2)))
    assert all(isinstance(r, DatabaseUnavailable) for r in failed), "a longer one fails them all"


def test_max_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_size"):
        GroupCommit(Recorder().commit, max_size=0)

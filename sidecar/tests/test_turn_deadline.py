"""A turn has a deadline of its own: a provider call that never returns is cancelled there, the
heartbeats stop and the turn fails as retryable (turn_deadline), so the conversation is retried
instead of held forever. And the lease is the engine's settings.lease_seconds, not the worker's."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg

from tests.ingest_support import process_message
from tests.pipeline_support import allow_fast_turns
from tests.webhook_bodies import text_message
from tests.work_support import claim, set_now
from wahook.agent.types import AgentReply, TurnInput
from wahook.config import AgentSettings, WorkerSettings
from wahook.db import Database
from wahook.db.turns import ClaimedTurn
from wahook.work.worker import TURN_DEADLINE_CODE, Worker

Conn = psycopg.Connection[Any]

# What the old worker did with a call that never returns: it waited forever. Bound the test instead.
TEST_BOUND_SECONDS = 20.0


class NeverAnswers:
    """A custom provider whose call never returns (it only ends when cancelled)."""

    name = "never"

    def __init__(self) -> None:
        self.calls = 0
        self.cancelled = 0

    async def reply(self, turn: TurnInput) -> AgentReply:
        self.calls += 1
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        raise AssertionError("unreachable")

    async def aclose(self) -> None:
        return None


class Thinks:
    """Answers after `during`, having read how long the lease still runs (engine clock)."""

    name = "thinks"

    def __init__(self, database_url: str, seconds: float) -> None:
        self.database_url = database_url
        self.seconds = seconds
        self.lease_left: float | None = None

    async def reply(self, turn: TurnInput) -> AgentReply:
        await asyncio.sleep(self.seconds)
        async with await psycopg.AsyncConnection.connect(self.database_url, autocommit=True) as conn:
            row = await (
                await conn.execute(
                    "select extract(epoch from lease_expires_at - now())::float8"
                    " from wahook_private.webhook_conversations where conversation_id = %s",
                    (turn.conversation_id,),
                )
            ).fetchone()
        assert row is not None
        self.lease_left = row[0]
        return AgentReply("done", self.name, "scripted-1", 1, 1, 1)

    async def aclose(self) -> None:
        return None


class BeatCountingDatabase(Database):
    """The real database, remembering when each heartbeats call was made."""

    beats: list[float]

    async def heartbeats(
        self, turns: list[ClaimedTurn], lease_seconds: int | None = None
    ) -> list[datetime | Exception]:
        self.beats.append(time.monotonic())
        return await super().heartbeats(turns, lease_seconds)


def test_a_provider_that_never_returns_fails_the_turn_at_its_deadline_and_it_is_retried(
    conn: Conn, database_url: str
) -> None:
    allow_fast_turns(conn)
    process_message(conn, text_message("15550901", "wamid.deadline.1", "are you there?"))
    provider = NeverAnswers()
    deadline = 2.0

    async def go() -> tuple[float, float, list[float]]:
        database = BeatCountingDatabase(database_url)
        database.beats = []
        await database.open()
        try:
            worker = Worker(
                database,
                provider,
                AgentSettings(turn_deadline_seconds=deadline),
                WorkerSettings(lease_seconds=3),  # a heartbeat every second while the call hangs
            )
            turns = await database.claim_conversations(worker.worker_id, 1, 3, worker.history_budget)
            assert len(turns) == 1
            started = time.monotonic()
            await asyncio.wait_for(worker.run_turn(turns[0]), TEST_BOUND_SECONDS)
            ended = time.monotonic()
            # Two more lease thirds: a heartbeat loop still running would beat in them.
            await asyncio.sleep(2.5)
            assert worker._beating is not None and worker._beating.done()
            return started, ended, database.beats
        finally:
            await database.close()

    started, ended, beats = asyncio.run(go())
    assert deadline <= ended - started < deadline + 3, "failed at the deadline, not before, not long after"
    assert provider.calls == 1 and provider.cancelled == 1, "the hung call was cancelled"
    assert beats, "the lease was kept alive while the call hung"
    assert all(beat <= ended for beat in beats), "no heartbeat after the turn failed"

    turn = conn.execute("select status, error_code, error_message from wahook_private.agent_turns").fetchone()
    assert turn is not None
    assert turn[:2] == ("failed", TURN_DEADLINE_CODE)
    assert "deadline of 2 s" in turn[2]
    state = conn.execute(
        "select c.state, c.lease_owner, m.status, m.attempt_count"
        " from wahook_private.webhook_conversations c"
        " join wahook_private.processed_webhook_messages m using (conversation_id)"
    ).fetchone()
    assert state == ("retry_wait", None, "pending", 1), "retryable: the message waits for its retry"

    # The retry: once the backoff has passed (engine clock), the conversation is claimed again.
    set_now(conn, datetime.now(UTC) + timedelta(minutes=10))
    retried = claim(conn, "second-worker")
    assert retried is not None
    assert [m.wamid for m in retried.messages] == ["wamid.deadline.1"]


def test_the_lease_is_the_engines_setting_and_heartbeats_come_at_a_third_of_it(
    conn: Conn, database_url: str
) -> None:
    allow_fast_turns(conn, lease_seconds=6)
    process_message(conn, text_message("15550902", "wamid.deadline.2", "think a while"))
    provider = Thinks(database_url, seconds=4.5)

    async def go() -> list[float]:
        database = BeatCountingDatabase(database_url)
        database.beats = []
        await database.open()
        try:
            worker = Worker(database, provider, AgentSettings(), WorkerSettings())
            turns = await database.claim_conversations(worker.worker_id, 1, None, worker.history_budget)
            assert len(turns) == 1
            started = time.monotonic()
            await asyncio.wait_for(worker.run_turn(turns[0]), TEST_BOUND_SECONDS)
            return [beat - started for beat in database.beats]
        finally:
            await database.close()

    beats = asyncio.run(go())
    # Every 2 s (a third of 6): beats at about 2 and 4 s of a 4.5 s turn (not every 20 s, a third
    # of the worker's old 60 s lease).
    assert beats and 1.5 <= beats[0] < 3.5 and len(beats) <= 3, beats
    assert provider.lease_left is not None
    assert 0 < provider.lease_left <= 6, "each heartbeat extends by settings.lease_seconds"
    row = conn.execute("select status from wahook_private.agent_turns").fetchone()
    assert row == ("completed",)

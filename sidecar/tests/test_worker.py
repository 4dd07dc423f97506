"""One Worker against the real database, with providers that misbehave on purpose: a lease taken
over mid-turn (fencing), a turn longer than its lease (heartbeats), an over-long reply."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import psycopg

from tests.ingest_support import process_message
from tests.pipeline_support import allow_fast_turns
from tests.webhook_bodies import text_message
from wahook import metrics
from wahook.agent.types import AgentReply, TurnInput
from wahook.config import AgentSettings, WorkerSettings
from wahook.db import Database
from wahook.db.turns import TurnCompletion
from wahook.work.worker import MAX_REPLY_CHARS, Worker

Conn = psycopg.Connection[Any]


class ScriptedProvider:
    """Answers `text` after running `during` (which may sleep or change the database)."""

    name = "scripted"

    def __init__(self, text: str, during: Callable[[], Awaitable[None]] | None = None) -> None:
        self.text = text
        self.during = during

    async def reply(self, turn: TurnInput) -> AgentReply:
        if self.during:
            await self.during()
        return AgentReply(self.text, self.name, "scripted-1", 10, 2, 5)

    async def aclose(self) -> None:
        return None


def run_one_turn(database_url: str, provider: ScriptedProvider, lease_seconds: int = 30) -> None:
    async def go() -> None:
        database = Database(database_url)
        await database.open()
        try:
            worker = Worker(database, provider, AgentSettings(), WorkerSettings(lease_seconds=lease_seconds))
            turn = await database.claim_conversation(worker.worker_id, lease_seconds)
            assert turn is not None
            await worker.run_turn(turn)
        finally:
            await database.close()

    asyncio.run(go())


def turns_counted(result: str) -> float:
    value = metrics.REGISTRY.get_sample_value("wahook_turns_total", {"result": result})
    return value or 0.0


def steal_the_lease(database_url: str, customer: str) -> None:
    """The lease of `customer`'s conversation runs out while the agent thinks, and another worker
    ('thief') claims the conversation."""
    with psycopg.connect(database_url, autocommit=True) as other:
        other.execute(
            "update wahook_private.webhook_conversations"
            " set lease_expires_at = now() - interval '1 second' where customer_id = %s",
            (customer,),
        )
        assert other.execute("select from wahook.claim_conversation('thief')").rowcount == 1


def test_a_turn_whose_lease_was_taken_over_writes_nothing(conn: Conn, database_url: str) -> None:
    allow_fast_turns(conn)
    process_message(conn, text_message("15550801", "wamid.w.1", "hi"))

    async def take_over() -> None:
        steal_the_lease(database_url, "15550801")

    before = turns_counted("lease_lost")
    run_one_turn(database_url, ScriptedProvider("too late", take_over))
    assert turns_counted("lease_lost") == before + 1
    assert conn.execute("select count(*) from wahook_private.outbound_messages").fetchone() == (0,)
    assert conn.execute("select count(*) from wahook_private.agent_contexts").fetchone() == (0,)
    holder = conn.execute("select state, lease_owner from wahook_private.webhook_conversations").fetchone()
    assert holder == ("processing", "thief")


def test_heartbeats_keep_a_turn_longer_than_its_lease(conn: Conn, database_url: str) -> None:
    allow_fast_turns(conn)
    process_message(conn, text_message("15550802", "wamid.w.2", "think hard"))
    run_one_turn(database_url, ScriptedProvider("thought", lambda: asyncio.sleep(4.5)), lease_seconds=3)
    row = conn.execute(
        "select t.status, o.body -> 'text' ->> 'body' from wahook_private.agent_turns t"
        " join wahook_private.outbound_messages o using (conversation_id)"
    ).fetchone()
    assert row == ("completed", "thought")


def test_an_over_long_reply_is_cut_to_what_whatsapp_accepts(conn: Conn, database_url: str) -> None:
    allow_fast_turns(conn)
    process_message(conn, text_message("15550803", "wamid.w.3", "tell me everything"))
    run_one_turn(database_url, ScriptedProvider("x" * 10_000))
    row = conn.execute("select body -> 'text' ->> 'body' from wahook_private.outbound_messages").fetchone()
    assert row is not None
    assert len(row[0]) == MAX_REPLY_CHARS
    assert row[0].endswith("…")


class CountingDatabase(Database):
    """The real database, remembering the size of each complete_turns batch."""

    batches: list[int]

    async def complete_turns(self, completions: list[TurnCompletion]) -> list[int | Exception | None]:
        self.batches.append(len(completions))
        return await super().complete_turns(completions)


class PerCustomerProvider:
    """Answers after running the action given for the turn's customer (which may sleep or steal)."""

    name = "per-customer"

    def __init__(self, during: dict[str, Callable[[], Awaitable[None]]]) -> None:
        self.during = during

    async def reply(self, turn: TurnInput) -> AgentReply:
        await self.during[turn.customer_id]()
        return AgentReply(f"to {turn.customer_id}", self.name, "scripted-1", 10, 2, 5)

    async def aclose(self) -> None:
        return None


def run_claimed_turns(database_url: str, provider: PerCustomerProvider, limit: int) -> list[int]:
    """Claims up to `limit` turns in one call and runs them together; returns the completion batches."""

    async def go() -> list[int]:
        database = CountingDatabase(database_url)
        database.batches = []
        await database.open()
        try:
            worker = Worker(database, provider, AgentSettings(), WorkerSettings(lease_seconds=30))
            turns = await database.claim_conversations(worker.worker_id, limit, 30, worker.history_budget)
            assert len(turns) == limit
            await asyncio.gather(*(worker.run_turn(turn) for turn in turns))
            return database.batches
        finally:
            await database.close()

    return asyncio.run(go())


def test_a_lease_lost_in_a_shared_completion_does_not_fail_its_neighbours(
    conn: Conn, database_url: str
) -> None:
    allow_fast_turns(conn)
    process_message(conn, text_message("15550804", "wamid.w.4", "hi"))
    process_message(conn, text_message("15550805", "wamid.w.5", "hello"))
    # Both agents answer at the same moment, so that both completions share one call.
    together = asyncio.Barrier(2)

    async def take_over() -> None:
        steal_the_lease(database_url, "15550804")
        await together.wait()

    async def answer() -> None:
        await together.wait()

    lost, completed = turns_counted("lease_lost"), turns_counted("completed")
    batches = run_claimed_turns(
        database_url, PerCustomerProvider({"15550804": take_over, "15550805": answer}), 2
    )
    assert batches == [2], "both completions went in one call"
    assert (turns_counted("lease_lost"), turns_counted("completed")) == (lost + 1, completed + 1)
    replies = conn.execute("select recipient from wahook_private.outbound_messages").fetchall()
    assert replies == [("15550805",)], "only the turn that kept its lease answers"


def test_a_heartbeat_that_finds_the_lease_lost_drops_the_turn_at_once(conn: Conn, database_url: str) -> None:
    allow_fast_turns(conn)
    process_message(conn, text_message("15550806", "wamid.w.6", "think forever"))

    async def lose_the_lease_then_think() -> None:
        with psycopg.connect(database_url, autocommit=True) as other:
            other.execute("update wahook_private.webhook_conversations set lease_expires_at = now()")
        await asyncio.sleep(30)

    started = time.monotonic()
    before = turns_counted("lease_lost")
    run_one_turn(database_url, ScriptedProvider("never sent", lose_the_lease_then_think), lease_seconds=3)
    assert time.monotonic() - started < 10, "the first heartbeat (after a second) stops the turn"
    assert turns_counted("lease_lost") == before + 1
    assert conn.execute("select count(*) from wahook_private.outbound_messages").fetchone() == (0,)

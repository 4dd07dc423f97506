"""One Worker against the real database, with providers that misbehave on purpose: a lease taken
over mid-turn (fencing), a turn longer than its lease (heartbeats), an over-long reply."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import psycopg

from tests.ingest_support import process_message
from tests.pipeline_support import allow_fast_turns, text_message
from wahook import metrics
from wahook.agent import AgentReply, TurnInput
from wahook.agent_settings import AgentSettings
from wahook.db import Database
from wahook.worker import MAX_REPLY_CHARS, Worker, WorkerSettings

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


def test_a_turn_whose_lease_was_taken_over_writes_nothing(conn: Conn, database_url: str) -> None:
    allow_fast_turns(conn)
    process_message(conn, text_message("15550801", "wamid.w.1", "hi"))

    async def take_over() -> None:
        # The lease runs out while the agent thinks, and another worker claims the conversation.
        with psycopg.connect(database_url, autocommit=True) as other:
            other.execute(
                "update wahook_private.webhook_conversations"
                " set lease_expires_at = now() - interval '1 second'"
            )
            assert other.execute("select from wahook.claim_conversation('thief')").rowcount == 1

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

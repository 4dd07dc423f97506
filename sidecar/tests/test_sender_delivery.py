"""The sender end to end: real database, real HTTP to a fake Graph API on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg_pool import AsyncConnectionPool

from tests.fake_graph import FakeGraph, graph_error, load_api_response, running_fake_graph
from tests.sender_support import PHONE_NUMBER_ID, TOKEN, conversation, queue_reply, reply, run_sender
from wahook import logs
from wahook.outbox.graph import GraphClient
from wahook.outbox.sender import Sender

Conn = psycopg.Connection[tuple[Any, ...]]

MESSAGES_PATH = f"/v21.0/{PHONE_NUMBER_ID}/messages"


@pytest.fixture
def graph() -> Iterator[tuple[FakeGraph, str]]:
    with running_fake_graph() as served:
        yield served


def texts(fake: FakeGraph) -> list[str]:
    return [str(r.json["text"]["body"]) for r in fake.snapshot()]


def test_a_queued_reply_is_posted_once_with_the_bearer_token_and_recorded_sent(
    database_url: str, conn: Conn, graph: tuple[FakeGraph, str]
) -> None:
    fake, base_url = graph
    reply_id = queue_reply(conn, conversation(conn, "15552001"), "hello there", correlation_id="req-7")

    assert run_sender(database_url, base_url, rounds=2) == [1, 0]

    [request] = fake.snapshot()
    assert request.path == MESSAGES_PATH
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.headers["x-request-id"] == "req-7"
    assert request.json["to"] == "15552001"
    assert request.json["messaging_product"] == "whatsapp"
    assert request.json["text"] == {"body": "hello there"}
    row = reply(conn, reply_id)
    assert (row.status, row.wamid, row.attempt_count, row.sender) == ("sent", fake.wamids[0], 1, None)


def test_a_retryable_error_requeues_with_backoff_then_sends_when_due(
    database_url: str, conn: Conn, graph: tuple[FakeGraph, str], fixtures_dir: Path
) -> None:
    fake, base_url = graph
    fake.fail_next(1, load_api_response(fixtures_dir, "send_message_error_130429_rate_limit"), 400)
    reply_id = queue_reply(conn, conversation(conn, "15552002"), "retry me")
    before = datetime.now(UTC)

    assert run_sender(database_url, base_url, rounds=2) == [1, 0], "not claimed again before it is due"

    row = reply(conn, reply_id)
    assert (row.status, row.attempt_count, row.wamid) == ("queued", 1, None)
    assert [e["code"] for e in row.errors] == ["130429"]
    # settings: 60 s base, 10 % jitter.
    delay = (row.next_attempt_at - before).total_seconds()
    assert 50 <= delay <= 70
    assert len(fake.snapshot()) == 1

    assert run_sender(database_url, base_url, now=row.next_attempt_at + timedelta(seconds=1)) == [1]

    row = reply(conn, reply_id)
    assert (row.status, row.attempt_count, row.wamid) == ("sent", 2, fake.wamids[0])
    assert texts(fake) == ["retry me", "retry me"]


def test_a_permanent_error_fails_the_reply_for_good_with_the_error_kept(
    database_url: str, conn: Conn, graph: tuple[FakeGraph, str]
) -> None:
    fake, base_url = graph
    fake.fail_next(1, graph_error(131047, "Re-engagement message"), 400)
    reply_id = queue_reply(conn, conversation(conn, "15552003"), "too late")

    assert run_sender(database_url, base_url) == [1]

    row = reply(conn, reply_id)
    assert row.status == "failed"
    assert row.failed_at is not None
    [error] = row.errors
    assert error["code"] == "131047"
    assert "Re-engagement message" in error["message"]
    assert error["attempt"] == 1

    assert run_sender(database_url, base_url, now=datetime.now(UTC) + timedelta(days=1)) == [0]
    assert len(fake.snapshot()) == 1, "a failed reply is never sent again"


def test_a_stalled_send_becomes_unknown_and_the_sender_never_resends_it_by_itself(
    database_url: str, conn: Conn, graph: tuple[FakeGraph, str]
) -> None:
    fake, base_url = graph
    fake.stall_next()
    reply_id = queue_reply(conn, conversation(conn, "15552004"), "did it arrive?")

    assert run_sender(database_url, base_url, timeout=0.3) == [1]

    row = reply(conn, reply_id)
    assert (row.status, row.sender, row.failed_at) == ("unknown", None, None)
    assert [e["code"] for e in row.errors] == ["timeout"]

    fake.release()
    assert run_sender(database_url, base_url, now=datetime.now(UTC) + timedelta(days=1)) == [0]
    assert len(fake.snapshot()) == 1, "only cleanup, after the settle time, queues it again"
    assert reply(conn, reply_id).status == "unknown"


@pytest.mark.parametrize(
    "last_inbound_ago",
    [
        pytest.param(timedelta(hours=25), id="the_customer_last_wrote_25_hours_ago"),
        pytest.param(None, id="the_customer_never_wrote"),
    ],
)
def test_a_free_form_reply_outside_the_24_hour_window_fails_without_being_posted(
    database_url: str, conn: Conn, graph: tuple[FakeGraph, str], last_inbound_ago: timedelta | None
) -> None:
    fake, base_url = graph
    stale = conversation(conn, "15552005")
    last_inbound_at = None if last_inbound_ago is None else datetime.now(UTC) - last_inbound_ago
    conn.execute(
        "update wahook_private.webhook_conversations set last_inbound_at = %s where conversation_id = %s",
        (last_inbound_at, stale),
    )
    reply_id = queue_reply(conn, stale, "hello?")

    assert run_sender(database_url, base_url) == [1]

    assert fake.snapshot() == []
    row = reply(conn, reply_id)
    assert row.status == "failed"
    assert [e["code"] for e in row.errors] == ["outside_customer_service_window"]


def test_a_template_reply_may_leave_outside_the_window(
    database_url: str, conn: Conn, graph: tuple[FakeGraph, str]
) -> None:
    fake, base_url = graph
    stale = conversation(conn, "15552007", datetime.now(UTC) - timedelta(days=3))
    reply_id = queue_reply(conn, stale, "unused")
    template = {
        "messaging_product": "whatsapp",
        "to": "15552007",
        "type": "template",
        "template": {"name": "hello_world", "language": {"code": "en_US"}},
    }
    conn.execute(
        "update wahook_private.outbound_messages set body = %s::jsonb where id = %s",
        (json.dumps(template), reply_id),
    )

    assert run_sender(database_url, base_url) == [1]

    [request] = fake.snapshot()
    callback_data = f"wahook:{stale}:{reply_id}"
    assert request.json == {**template, "biz_opaque_callback_data": callback_data}
    assert reply(conn, reply_id).status == "sent"


def test_a_later_reply_never_overtakes_an_earlier_one(
    database_url: str, conn: Conn, graph: tuple[FakeGraph, str]
) -> None:
    fake, base_url = graph
    fake.fail_next(1, graph_error(130429, "Rate limit hit"), 400)
    conversation_id = conversation(conn, "15552008")
    first = queue_reply(conn, conversation_id, "first")
    second = queue_reply(conn, conversation_id, "second")

    assert run_sender(database_url, base_url, rounds=2) == [1, 0]
    assert texts(fake) == ["first"]
    assert (reply(conn, first).status, reply(conn, second).status) == ("queued", "queued")

    later = reply(conn, first).next_attempt_at + timedelta(seconds=1)
    assert run_sender(database_url, base_url, now=later, rounds=3) == [1, 1, 0]
    assert texts(fake) == ["first", "first", "second"]
    assert (reply(conn, first).status, reply(conn, second).status) == ("sent", "sent")


def test_replies_of_different_conversations_leave_in_one_round(
    database_url: str, conn: Conn, graph: tuple[FakeGraph, str]
) -> None:
    fake, base_url = graph
    ids = [queue_reply(conn, conversation(conn, f"1555300{i}"), f"to {i}") for i in range(5)]

    assert run_sender(database_url, base_url) == [5]

    assert sorted(texts(fake)) == [f"to {i}" for i in range(5)]
    assert {reply(conn, i).status for i in ids} == {"sent"}
    assert sorted(reply(conn, i).wamid or "" for i in ids) == sorted(fake.wamids)


def test_log_records_carry_the_reply_correlation_id_and_never_the_token(
    database_url: str, conn: Conn, graph: tuple[FakeGraph, str]
) -> None:
    fake, base_url = graph
    fake.fail_next(1, graph_error(190, f"Invalid OAuth access token {TOKEN}"), 401)
    queue_reply(conn, conversation(conn, "15552009"), "one", correlation_id="corr-one")
    queue_reply(conn, conversation(conn, "15552010"), "two", correlation_id="corr-two")
    lines: list[str] = []
    formatter = logs.JsonFormatter()

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(formatter.format(record))

    handler = Collect()
    logger = logging.getLogger("wahook.outbox.sender")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    try:
        assert run_sender(database_url, base_url) == [2]
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)

    entries = [json.loads(line) for line in lines]
    by_event = {(e.get("event"), e.get("correlation_id")) for e in entries}
    assert ("reply_sent", "corr-one") in by_event or ("reply_sent", "corr-two") in by_event
    assert ("reply_failed", "corr-one") in by_event or ("reply_failed", "corr-two") in by_event
    assert all(TOKEN not in line for line in lines)
    assert {r.headers["x-request-id"] for r in fake.snapshot()} == {"corr-one", "corr-two"}


def test_run_sends_until_stopped(database_url: str, conn: Conn, graph: tuple[FakeGraph, str]) -> None:
    fake, base_url = graph
    conversation_id = conversation(conn, "15552011")

    async def go() -> None:
        pool = AsyncConnectionPool(
            database_url, min_size=1, max_size=4, open=False, kwargs={"autocommit": True}
        )
        await pool.open()
        try:
            async with GraphClient(base_url, TOKEN) as client:
                sender = Sender(pool, client, sender_id="sender-loop", poll_interval=0.05)
                stop = asyncio.Event()
                task = asyncio.create_task(sender.run(stop))
                await asyncio.sleep(0.2)
                await asyncio.to_thread(queue_reply, conn, conversation_id, "while running")
                sender.wake()
                assert await asyncio.to_thread(fake.wait_for_requests, 1, 10)
                stop.set()
                async with asyncio.timeout(5):
                    await task
        finally:
            await pool.close()

    asyncio.run(go())
    assert texts(fake) == ["while running"]

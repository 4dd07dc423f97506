"""A reply whose send may have happened (the Graph API took the request, the answer never came) is
not dropped: a status webhook that echoes its callback data settles it as sent, and one that no
status names is sent again once the settle time has passed. Real database, real HTTP to the fake
Graph API; time moves with the engine clock (wahook.now)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import psycopg
import pytest

from tests.fake_graph import FakeGraph, running_fake_graph
from tests.ingest_support import process_message
from tests.sender_support import PHONE_NUMBER_ID, conversation, queue_reply, reply, run_sender
from tests.webhook_bodies import status_update
from tests.work_support import set_now
from wahook.outbox.graph import error_from_transport

Conn = psycopg.Connection[tuple[Any, ...]]

# settings.outbound_unknown_settle_seconds, by default.
SETTLE = timedelta(seconds=900)


@pytest.fixture
def graph() -> Iterator[tuple[FakeGraph, str]]:
    with running_fake_graph() as served:
        yield served


def settling_status(recipient: str, wamid: str, callback_data: str) -> dict[str, Any]:
    """A sent status as Meta sends it for a message sent with biz_opaque_callback_data."""
    return status_update(
        recipient, wamid, "sent", phone_number_id=PHONE_NUMBER_ID, biz_opaque_callback_data=callback_data
    )


def answered_wamid(fake: FakeGraph, count: int) -> str:
    """The wamid "Meta" gave the `count`-th send, once the stalled request has been answered."""
    fake.release()
    for _ in range(100):
        if len(fake.wamids) >= count:
            return fake.wamids[count - 1]
        time.sleep(0.05)
    raise AssertionError("the stalled send was never answered")


def cleanup_at(conn: Conn, moment: datetime) -> dict[str, int]:
    set_now(conn, moment)
    try:
        row = conn.execute("select wahook.cleanup_stuck_conversations()").fetchone()
    finally:
        set_now(conn, None)
    assert row is not None
    counts: dict[str, int] = row[0]
    return counts


def two_replies_the_first_unknown(
    database_url: str, conn: Conn, graph: tuple[FakeGraph, str], customer: str, first: str, second: str
) -> tuple[int, int, int]:
    """Two replies queued to `customer`; Meta takes the first one's request, but its answer does not
    come in time (the stand-in stalls): unknown. Returns (conversation, first reply, second reply)."""
    fake, base_url = graph
    conversation_id = conversation(conn, customer)
    first_id = queue_reply(conn, conversation_id, first)
    second_id = queue_reply(conn, conversation_id, second)
    fake.stall_next()
    assert run_sender(database_url, base_url, timeout=0.3) == [1]
    assert reply(conn, first_id).status == "unknown"
    return conversation_id, first_id, second_id


def test_a_status_with_the_callback_data_settles_an_unknown_reply_and_the_next_one_leaves(
    database_url: str, conn: Conn, graph: tuple[FakeGraph, str]
) -> None:
    fake, base_url = graph
    conversation_id, first, second = two_replies_the_first_unknown(
        database_url, conn, graph, "15552101", "did it arrive?", "and this one"
    )
    assert run_sender(database_url, base_url) == [0], "the next reply waits behind the unknown one"

    [request] = fake.snapshot()
    callback_data = request.json["biz_opaque_callback_data"]
    assert callback_data == f"wahook:{conversation_id}:{first}"

    # Meta did send it: its status webhook echoes the callback data.
    wamid = answered_wamid(fake, 1)
    rows = process_message(conn, settling_status("15552101", wamid, callback_data))
    assert [(row.kind, row.outcome) for row in rows] == [("status", "applied")]
    settled = reply(conn, first)
    assert (settled.status, settled.wamid) == ("sent", wamid)
    assert [e["code"] for e in settled.errors] == ["timeout", "confirmed_by_status"]

    # The later reply goes out now, and the settled one is never posted again.
    assert run_sender(database_url, base_url) == [1]
    posted = fake.snapshot()
    assert [r.json["text"]["body"] for r in posted] == ["did it arrive?", "and this one"]
    assert posted[1].json["biz_opaque_callback_data"] == f"wahook:{conversation_id}:{second}"
    assert reply(conn, second).status == "sent"

    # Nothing is resent after the settle time either.
    later = datetime.now(UTC) + 2 * SETTLE
    assert cleanup_at(conn, later)["replies_resent_unconfirmed"] == 0
    assert run_sender(database_url, base_url, now=later) == [0]
    assert len(fake.snapshot()) == 2


def test_an_unknown_reply_no_status_names_is_sent_again_once_after_the_settle_time(
    database_url: str, conn: Conn, graph: tuple[FakeGraph, str]
) -> None:
    fake, base_url = graph
    _, first, second = two_replies_the_first_unknown(
        database_url, conn, graph, "15552102", "hello?", "still there?"
    )
    fake.release()  # the stalled request ends; no status webhook ever comes for it

    now = datetime.now(UTC)
    just_before = now + SETTLE - timedelta(seconds=5)
    assert cleanup_at(conn, just_before)["replies_resent_unconfirmed"] == 0
    assert run_sender(database_url, base_url, now=just_before) == [0], "not resent before the settle time"

    after = now + SETTLE + timedelta(seconds=5)
    assert cleanup_at(conn, after)["replies_resent_unconfirmed"] == 1
    assert run_sender(database_url, base_url, now=after, rounds=2) == [1, 1], "resent, then the next one"

    posted = [r.json for r in fake.snapshot()]
    assert [p["text"]["body"] for p in posted] == ["hello?", "hello?", "still there?"]
    assert posted[0]["biz_opaque_callback_data"] == posted[1]["biz_opaque_callback_data"]
    resent = reply(conn, first)
    assert (resent.status, resent.attempt_count, resent.wamid) == ("sent", 2, fake.wamids[-2])
    assert [e["code"] for e in resent.errors] == ["timeout", "unconfirmed_resent"]
    assert reply(conn, second).status == "sent"

    # Once: a sent reply is never resent again.
    much_later = now + 3 * SETTLE
    assert cleanup_at(conn, much_later)["replies_resent_unconfirmed"] == 0
    assert run_sender(database_url, base_url, now=much_later) == [0]
    assert len(fake.snapshot()) == 3


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (httpx.ConnectError("refused"), "connect_error"),
        (httpx.ConnectTimeout("slow"), "connect_timeout"),
        (httpx.PoolTimeout("busy"), "connect_timeout"),
        (httpx.WriteTimeout("blocked"), "not_sent"),
        (httpx.WriteError("broken pipe"), "not_sent"),
        (httpx.LocalProtocolError("bad header"), "not_sent"),
    ],
)
def test_a_failure_before_the_request_is_written_whole_is_retryable_not_ambiguous(
    exc: httpx.TransportError, code: str
) -> None:
    error = error_from_transport(exc)
    assert (error.code, error.retryable, error.ambiguous) == (code, True, False)


@pytest.mark.parametrize(
    "exc",
    [httpx.ReadTimeout("no answer"), httpx.ReadError("reset"), httpx.RemoteProtocolError("closed")],
)
def test_a_failure_after_the_request_went_out_is_ambiguous(exc: httpx.TransportError) -> None:
    error = error_from_transport(exc)
    assert (error.retryable, error.ambiguous) == (True, True)

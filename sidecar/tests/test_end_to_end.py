"""The whole path over real HTTP and the real database: a signed webhook in, the echo agent's reply
out through the fake Graph API; once, in order, whatever the redeliveries."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import psycopg

from tests.fake_graph import running_fake_graph
from tests.ingest_support import AGENT_MESSAGE_TYPES, with_unique_wamids
from tests.pipeline_support import (
    ACCESS_TOKEN,
    SECRET,
    allow_fast_turns,
    echoed,
    replies,
    running_pipeline,
    wait_until_settled,
)
from tests.test_ingest_fixtures import accepted_webhook_files
from tests.webhook_bodies import post_signed, stamped_from, status_update, text_message

DELIVERIES = 3


def test_a_text_message_gets_one_echo_reply_carrying_its_correlation_id(conn: Any, database_url: str) -> None:
    body = text_message("15550101", "wamid.e2e.one", "hello there")
    with running_fake_graph() as (fake, graph_url), running_pipeline(database_url, graph_url) as url:
        assert post_signed(url, body, SECRET, request_id="req-e2e-1").status_code == 200
        wait_until_settled(database_url)
        sent = fake.snapshot()
    assert [r.json["text"]["body"] for r in sent] == ["echo: hello there"]
    assert sent[0].path == "/v21.0/100000001/messages"
    assert sent[0].json["to"] == "15550101"
    assert sent[0].headers["authorization"] == f"Bearer {ACCESS_TOKEN}"
    assert sent[0].headers["x-request-id"] == "req-e2e-1", "the webhook's correlation id reaches Meta"
    row = conn.execute(
        "select o.status, o.wamid, t.correlation_id, t.tokens_in > 0, t.status"
        " from wahook_private.outbound_messages o join wahook_private.agent_turns t using (conversation_id)"
    ).fetchone()
    assert row == ("sent", fake.wamids[0], "req-e2e-1", True, "completed")


def test_every_fixture_delivered_three_times_concurrently_is_answered_once_in_order(
    conn: Any, database_url: str, fixtures_dir: Path
) -> None:
    allow_fast_turns(conn)
    stamp = int(time.time()) - 3600
    bodies: list[bytes] = []
    for n, path in enumerate(accepted_webhook_files(fixtures_dir)):
        body, stamp = stamped_from(with_unique_wamids(json.loads(path.read_text()), f"wamid.e2e{n}"), stamp)
        bodies.append(json.dumps(body).encode())

    with (
        running_fake_graph() as (fake, graph_url),
        running_pipeline(database_url, graph_url) as url,
        ThreadPoolExecutor(DELIVERIES) as pool,
    ):
        for raw in bodies:
            statuses = [
                r.status_code for r in pool.map(partial(post_signed, url, secret=SECRET), [raw] * DELIVERIES)
            ]
            assert statuses == [200] * DELIVERIES
        wait_until_settled(database_url, timeout=120)
        got = replies(fake)

    # What each conversation should have heard back: every agent-bound message once, in order.
    expected: dict[tuple[str, str], list[str]] = defaultdict(list)
    rows = conn.execute(
        "select c.phone_number_id, coalesce(c.customer_wa_id, c.customer_id), m.id, m.wamid, m.message_type,"
        " wahook_private.message_reads_as(m.message_type, m.text_body), m.status"
        " from wahook_private.processed_webhook_messages m join wahook_private.webhook_conversations c"
        " using (conversation_id) where m.status <> 'ignored'"
        " order by m.conversation_id, m.wa_timestamp, m.id"
    ).fetchall()
    assert rows, "the fixtures hold agent-bound messages"
    assert {row[6] for row in rows} == {"completed"}
    assert {row[4] for row in rows} <= AGENT_MESSAGE_TYPES
    for phone_number_id, to, _, _, _, reads_as, _ in rows:
        expected[(phone_number_id, to)].append(reads_as)

    heard: dict[tuple[str, str], list[str]] = defaultdict(list)
    for reply in got:
        heard[(reply.phone_number_id, reply.to)].append(reply.text)
    assert heard.keys() == expected.keys()
    for key, texts in heard.items():
        assert echoed(texts) == " | ".join(expected[key]), f"conversation {key}"

    turns = conn.execute(
        "select count(*) filter (where status = 'completed'), count(*) from wahook_private.agent_turns"
    ).fetchone()
    assert turns == (len(got), len(got)), "one reply per turn, every turn completed"
    assert len(set(fake.wamids)) == len(got)


def test_a_burst_in_one_conversation_is_answered_once_in_order(conn: Any, database_url: str) -> None:
    allow_fast_turns(conn)
    bodies = [text_message("15550102", f"wamid.burst{i}", f"m{i}", age_seconds=600 - i) for i in range(40)]
    with running_fake_graph() as (fake, graph_url), running_pipeline(database_url, graph_url) as url:
        for body in bodies:
            assert post_signed(url, body, SECRET).status_code == 200
        wait_until_settled(database_url)
        texts = [r.text for r in replies(fake)]
    assert echoed(texts) == " | ".join(f"m{i}" for i in range(40))
    assert 1 <= len(texts) <= 40


def test_statuses_of_a_sent_reply_are_reconciled_with_its_wamid(
    conn: psycopg.Connection[Any], database_url: str
) -> None:
    body = text_message("15550103", "wamid.e2e.status", "status please")
    with running_fake_graph() as (fake, graph_url), running_pipeline(database_url, graph_url) as url:
        assert post_signed(url, body, SECRET).status_code == 200
        wait_until_settled(database_url)
        [wamid] = fake.wamids
        for status in ("sent", "delivered", "read"):
            assert post_signed(url, status_update("15550103", wamid, status), SECRET).status_code == 200
    row = conn.execute("select status, wamid from wahook_private.outbound_messages").fetchone()
    assert row == ("read", wamid)

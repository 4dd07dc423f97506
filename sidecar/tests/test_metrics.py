"""GET /metrics after real traffic: signed webhooks over HTTP, turns through the SQL API, replies
through the sender to a fake Graph API. Counters are process-wide, so each test compares deltas."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import psycopg
import pytest

from tests import traffic_support as traffic
from tests.fake_graph import graph_error, running_fake_graph
from tests.metrics_support import Samples, scrape, value
from tests.pipeline_support import wait_until_ingested
from tests.sender_support import conversation, queue_reply, run_sender
from tests.server_support import running_sidecar
from tests.webhook_bodies import post_signed, text_message
from wahook import metrics
from wahook.config import Config


@pytest.fixture
def base_url(database_url: str) -> Iterator[str]:
    config = Config(database_url=database_url, app_secret=traffic.SECRET, verify_token=traffic.VERIFY_TOKEN)
    with running_sidecar(config) as url:
        yield url


def scrape_once_ingested(base_url: str, before: Samples, bodies: int) -> tuple[Samples, str]:
    """A scrape taken once the ingester has taken `bodies` more bodies in than at `before`."""
    deadline = time.monotonic() + 10
    while True:
        after, text = scrape(base_url)
        ingested = value(after, "wahook_inbox_bodies_total", result="ingested")
        if ingested - value(before, "wahook_inbox_bodies_total", result="ingested") >= bodies:
            return after, text
        assert time.monotonic() < deadline, "the ingester did not take the bodies in"
        time.sleep(0.05)


def test_webhook_outcomes_signature_failures_and_duplicates_are_counted(base_url: str) -> None:
    before, _ = scrape(base_url)
    first = text_message("15550100001", "wamid.metrics.1")
    assert post_signed(base_url, first, traffic.SECRET).status_code == 200
    assert post_signed(base_url, first, traffic.SECRET).status_code == 200  # Meta redelivers: a duplicate
    second = text_message("15550100002", "wamid.metrics.2")
    assert post_signed(base_url, second, traffic.SECRET).status_code == 200
    forged = post_signed(base_url, text_message("15550100003", "wamid.x"), "wrong")
    assert forged.status_code == 401
    unsigned = httpx.post(f"{base_url}/webhook", content=b"{}", timeout=10)
    assert unsigned.status_code == 401
    # Items are counted by the ingester behind the acknowledgements.
    after, text = scrape_once_ingested(base_url, before, bodies=3)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("wahook_webhooks_received_total", outcome="stored") == 3
    assert delta("wahook_webhooks_received_total", outcome="invalid_signature") == 2
    assert delta("wahook_webhook_signature_failures_total") == 2
    assert delta("wahook_duplicates_total") == 1
    assert delta("wahook_webhook_items_total", kind="message", outcome="accepted") == 2
    assert delta("wahook_webhook_items_total", kind="message", outcome="duplicate") == 1
    # No phone number or message id anywhere in the output, labels included.
    assert not re.search(r"1555010000\d|wamid", text)


def test_queue_gauges_are_read_from_sql_at_scrape_time(
    base_url: str, database_url: str, conn: psycopg.Connection[Any]
) -> None:
    samples, _ = scrape(base_url)
    assert value(samples, "wahook_database_up") == 1
    assert value(samples, "wahook_queue_depth") == 0
    assert value(samples, "wahook_queue_oldest_pending_age_seconds") == 0

    for n in range(3):
        body = text_message(f"1555020000{n}", f"wamid.queue.{n}")
        assert post_signed(base_url, body, traffic.SECRET).status_code == 200
    wait_until_ingested(database_url)
    # The oldest message waits 90 s in the engine's clock (wahook.now is per session: the
    # sidecar sees real time, so the message is moved back instead).
    conn.execute(
        "update wahook_private.processed_webhook_messages set received_at = now() - interval '90 seconds' "
        "where wamid = 'wamid.queue.0'"
    )
    samples, _ = scrape(base_url)
    assert value(samples, "wahook_queue_depth") == 3
    assert 90 <= value(samples, "wahook_queue_oldest_pending_age_seconds") < 120
    assert value(samples, "wahook_health_check_status", check="oldest_pending_message_seconds") == 0
    assert value(samples, "wahook_dlq_pending") == 0

    # Turns: two complete, one fails (retryable): it waits in the DLQ.
    assert traffic.run_turns(conn, fail_with={0: "timeout"}) == 3
    samples, _ = scrape(base_url)
    assert value(samples, "wahook_queue_depth") == 1  # the failed one waits for its retry
    assert value(samples, "wahook_dlq_pending") == 1
    health = conn.execute(
        "select value from wahook.check_webhook_system_health() where check_name = 'agent_errors_last_hour'"
    ).fetchone()
    assert health is not None
    assert (
        value(samples, "wahook_health_check_value", check="agent_errors_last_hour") == float(health[0]) == 1
    )
    assert value(samples, "wahook_stuck_conversations") == 0
    checks = {labels for (name, labels) in samples if name == "wahook_health_check_status"}
    assert len(checks) == 12, "one series per health check, labelled by its fixed name"


def test_turn_results_and_agent_latency_buckets_up_to_60_seconds(base_url: str) -> None:
    before, _ = scrape(base_url)
    metrics.turn_finished("completed", 0.2)
    metrics.turn_finished("retry_scheduled", 45.0)
    metrics.turn_finished("lease_lost")
    metrics.turn_finished("+15551234567")  # never a label: counted as other
    after, text = scrape(base_url)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("wahook_turns_total", result="completed") == 1
    assert delta("wahook_turns_total", result="retry_scheduled") == 1
    assert delta("wahook_turns_total", result="lease_lost") == 1
    assert delta("wahook_turns_total", result="other") == 1
    assert delta("wahook_agent_latency_seconds_count") == 2
    assert delta("wahook_agent_latency_seconds_bucket", le="0.25") == 1
    assert delta("wahook_agent_latency_seconds_bucket", le="30.0") == 1
    assert delta("wahook_agent_latency_seconds_bucket", le="60.0") == 2
    assert "15551234567" not in text
    buckets = [labels for (name, labels) in after if name == "wahook_agent_latency_seconds_bucket"]
    bounds = sorted(float(dict(b)["le"]) for b in buckets if dict(b)["le"] != "+Inf")
    assert bounds[-1] == 60.0


def test_graph_sends_are_counted_by_result(
    base_url: str, database_url: str, conn: psycopg.Connection[Any]
) -> None:
    now = datetime.now(UTC)
    in_window = [
        conversation(conn, customer, now) for customer in ("15550300001", "15550300002", "15550300003")
    ]
    late = conversation(conn, "15550300004", now - timedelta(days=2))
    for conversation_id in (*in_window, late):
        queue_reply(conn, conversation_id, "hi")
    before, _ = scrape(base_url)

    with running_fake_graph() as (fake, graph_url):
        # Two of the three POSTs fail: one retryable (throughput limit), one not (spam limit).
        fake.fail_next(1, graph_error(130429, "Rate limit hit"), status=400)
        fake.fail_next(1, graph_error(131048, "Spam rate limit hit"), status=400)
        assert run_sender(database_url, graph_url) == [4]
        assert len(fake.snapshot()) == 3, "the reply outside the 24-hour window is not posted"
    after, _ = scrape(base_url)

    def delta(result: str) -> float:
        return value(after, "wahook_graph_sends_total", result=result) - value(
            before, "wahook_graph_sends_total", result=result
        )

    assert delta("sent") == 1
    assert delta("retry") == 1, "130429 is retryable: requeued"
    assert delta("failed") == 1, "131048 is not"
    assert delta("outside_window") == 1
    statuses = conn.execute("select status from wahook_private.outbound_messages order by status").fetchall()
    assert statuses == [("failed",), ("failed",), ("queued",), ("sent",)]


def test_database_down_turns_database_up_to_0_and_drops_the_sql_gauges(admin_url: str) -> None:
    config = Config(database_url="postgresql://nobody@127.0.0.1:1/nothing?connect_timeout=1")
    with running_sidecar(config) as url:
        samples, text = scrape(url)
    assert value(samples, "wahook_database_up") == 0
    assert "wahook_queue_depth" not in text
    assert "wahook_webhooks_received_total" in text

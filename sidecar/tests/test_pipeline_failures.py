"""The pipeline when things fail: the provider (retries, the DLQ and its replay, the circuit
breaker), the customer-service window, and read receipts; over real HTTP and the real database."""

from __future__ import annotations

import time
from typing import Any

import psycopg

from tests.fake_graph import running_fake_graph
from tests.fake_openai import FakeOpenAI
from tests.pipeline_support import (
    SECRET,
    allow_fast_turns,
    openai_agent,
    replies,
    running_fake_openai,
    running_pipeline,
    wait_until_settled,
)
from tests.webhook_bodies import post_signed, text_message
from wahook.config import WorkerSettings

Conn = psycopg.Connection[Any]


def fail_always(fake: FakeOpenAI, status: int = 500) -> None:
    fake.fail_next(100_000, status)


def recover(fake: FakeOpenAI) -> None:
    with fake.lock:
        fake.script.clear()


def test_a_failing_provider_is_retried_then_dead_lettered_and_a_replay_is_answered_once(
    conn: Conn, database_url: str
) -> None:
    allow_fast_turns(conn, retry_max_attempts=1, retry_base_seconds=1, retry_max_delay_seconds=1)
    fake = FakeOpenAI(reply_text="sorry for the wait")
    fail_always(fake)
    with (
        running_fake_graph() as (graph, graph_url),
        running_fake_openai(fake) as openai_url,
        running_pipeline(database_url, graph_url, **openai_agent(openai_url, timeout_seconds=5)) as url,
    ):
        body = text_message("15550201", "wamid.fail.1", "anyone there?")
        assert post_signed(url, body, SECRET).status_code == 200
        wait_until_settled(database_url, timeout=30)
        assert replies(graph) == [], "a failed turn sends nothing"
        message, dlq = conn.execute(
            "select m.status || '/' || m.attempt_count, d.status || '/' || jsonb_array_length(d.errors)"
            " from wahook_private.processed_webhook_messages m join wahook_private.webhook_dlq d"
            " on d.message_id = m.id"
        ).fetchone() or (None, None)
        assert (message, dlq) == ("dead/2", "dead/2"), "the first try and one retry, both kept in the DLQ"
        turns = conn.execute(
            "select array_agg(error_code order by id) from wahook_private.agent_turns"
        ).fetchone()
        assert turns == (["server_error", "server_error"],)

        recover(fake)
        replayed = conn.execute("select wahook.replay_dlq(array(select id from wahook_private.webhook_dlq))")
        assert replayed.fetchone() == (1,)
        wait_until_settled(database_url, timeout=30)
        assert [r.text for r in replies(graph)] == ["sorry for the wait"]
    errors = conn.execute("select error_count, turn_count from wahook_private.agent_sessions").fetchone()
    assert errors == (2, 1), "the session counts both errors and the turn that succeeded"


def test_the_breaker_fails_turns_fast_while_open_and_closes_after_a_good_trial(
    conn: Conn, database_url: str
) -> None:
    allow_fast_turns(conn, retry_max_attempts=0)
    fake = FakeOpenAI(reply_text="back again")
    fail_always(fake, 503)
    agent = openai_agent("", timeout_seconds=0.3, breaker_failures=2, breaker_reset_seconds=2.0)

    def turn_codes() -> list[str | None]:
        row = conn.execute(
            "select array_agg(coalesce(error_code, status) order by id) from wahook_private.agent_turns"
        ).fetchone()
        return list(row[0]) if row and row[0] else []

    with (
        running_fake_graph() as (graph, graph_url),
        running_fake_openai(fake) as openai_url,
        running_pipeline(database_url, graph_url, **{**agent, "openai_base_url": openai_url}) as url,
    ):
        for n in range(2):
            post_signed(url, text_message(f"1555030{n}", f"wamid.brk.{n}", "hi"), SECRET)
            wait_until_settled(database_url)
        calls_when_opened = fake.calls
        for n in range(2, 4):
            post_signed(url, text_message(f"1555030{n}", f"wamid.brk.{n}", "hi"), SECRET)
            wait_until_settled(database_url)
        assert fake.calls == calls_when_opened, "an open breaker does not call the provider"
        assert turn_codes() == ["server_error", "server_error", "circuit_open", "circuit_open"]

        recover(fake)
        time.sleep(2.1)
        for n in range(4, 6):
            post_signed(url, text_message(f"1555030{n}", f"wamid.brk.{n}", "hi"), SECRET)
            wait_until_settled(database_url)
        assert turn_codes()[4:] == ["completed", "completed"], "the trial succeeded and closed the breaker"
        assert [r.to for r in replies(graph)] == ["15550304", "15550305"]


def test_a_reply_outside_the_24_hour_window_is_not_sent(conn: Conn, database_url: str) -> None:
    allow_fast_turns(conn)
    stale = text_message("15550401", "wamid.window.1", "old news", age_seconds=25 * 3600)
    with running_fake_graph() as (graph, graph_url), running_pipeline(database_url, graph_url) as url:
        assert post_signed(url, stale, SECRET).status_code == 200
        wait_until_settled(database_url)
        assert graph.snapshot() == [], "nothing reaches Meta"
    row = conn.execute("select status, errors::text from wahook_private.outbound_messages").fetchone()
    assert row is not None
    assert row[0] == "failed"
    assert "outside_customer_service_window" in row[1]


def test_with_mark_read_the_newest_message_is_marked_read_before_the_reply(
    conn: Conn, database_url: str
) -> None:
    allow_fast_turns(conn)
    worker = WorkerSettings(poll_seconds=0.2, lease_seconds=30, grace_seconds=5, mark_read=True)
    with (
        running_fake_graph() as (graph, graph_url),
        running_pipeline(database_url, graph_url, worker) as url,
    ):
        assert post_signed(url, text_message("15550501", "wamid.read.1", "seen?"), SECRET).status_code == 200
        wait_until_settled(database_url)
        sent = [r.json for r in graph.snapshot()]
    assert sent[0] == {"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.read.1"}
    assert [body.get("type") for body in sent] == [None, "text"]

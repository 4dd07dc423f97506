"""Stopping loses nothing and sends nothing twice: a turn in flight finishes within the grace period
or is handed back unanswered, and `wahook worker` processes share the load without sharing a
conversation."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

import psycopg

from tests.fake_graph import running_fake_graph
from tests.fake_openai import FakeOpenAI
from tests.ingest_support import process_message
from tests.metrics_support import scrape, value
from tests.pipeline_support import (
    ACCESS_TOKEN,
    allow_fast_turns,
    openai_agent,
    post_accepted,
    replies,
    running_fake_openai,
    running_pipeline,
    wait_for,
    wait_until_settled,
)
from tests.server_support import free_port
from tests.webhook_bodies import text_message
from wahook.config import WorkerSettings

Conn = psycopg.Connection[Any]
# `select 1`: a row of no columns would be an empty, falsy tuple.
A_RUNNING_TURN = "select 1 from wahook_private.agent_turns where status = 'running'"


@contextmanager
def stopped_mid_turn(
    conn: Conn,
    database_url: str,
    body: dict[str, Any],
    *,
    reply_text: str,
    stall_seconds: float,
    grace_seconds: float,
    timeout_seconds: float,
) -> Iterator[None]:
    """Starts the pipeline, posts `body`, and shuts the pipeline down once the body's turn runs (the
    provider stalls it `stall_seconds`; the worker gives it `grace_seconds`, the agent
    `timeout_seconds`). The caller looks at what the stop left; on leaving, the pipeline is started
    again until all is settled, and `reply_text` has been sent, once."""
    allow_fast_turns(conn)
    fake = FakeOpenAI(reply_text=reply_text)
    fake.stall_next(1, stall_seconds)
    worker = WorkerSettings(poll_seconds=0.2, lease_seconds=30, grace_seconds=grace_seconds)
    with running_fake_graph() as (graph, graph_url), running_fake_openai(fake) as openai_url:
        agent = openai_agent(openai_url, timeout_seconds=timeout_seconds)
        pipeline = partial(running_pipeline, database_url, graph_url, worker, **agent)
        with pipeline() as url:
            post_accepted(url, body)
            wait_for("a turn is running", lambda: bool(conn.execute(A_RUNNING_TURN).fetchone()), timeout=10)
        yield
        with pipeline():
            wait_until_settled(database_url)
        assert [r.text for r in replies(graph)] == [reply_text]


def test_a_turn_in_flight_finishes_within_the_grace_period_and_its_reply_leaves_once(
    conn: Conn, database_url: str
) -> None:
    body = text_message("15550601", "wamid.grace.1", "slow one")
    with stopped_mid_turn(
        conn,
        database_url,
        body,
        reply_text="worth the wait",
        stall_seconds=1.5,
        grace_seconds=10,
        timeout_seconds=5,
    ):
        # Shut down mid-turn: the turn was given its time.
        turn = conn.execute("select status from wahook_private.agent_turns").fetchone()
        assert turn == ("completed",)


def test_a_turn_that_outlasts_the_grace_period_is_handed_back_and_answered_after_restart(
    conn: Conn, database_url: str
) -> None:
    body = text_message("15550602", "wamid.grace.2", "hello?")
    with stopped_mid_turn(
        conn,
        database_url,
        body,
        reply_text="here now",
        stall_seconds=30,
        grace_seconds=0.5,
        timeout_seconds=60,
    ):
        state = conn.execute(
            "select m.status, m.attempt_count, t.status, t.error_code, c.state"
            " from wahook_private.processed_webhook_messages m"
            " join wahook_private.agent_turns t using (conversation_id)"
            " join wahook_private.webhook_conversations c using (conversation_id)"
        ).fetchone()
        assert state == ("pending", 0, "abandoned", "released", "pending"), "handed back, no attempt counted"
    attempts = conn.execute("select attempt_count, status from wahook_private.processed_webhook_messages")
    assert attempts.fetchone() == (0, "completed")


def worker_process(database_url: str, openai_url: str, graph_url: str, port: int) -> subprocess.Popen[bytes]:
    env = {
        "WAHOOK_PORT": str(port),
        **os.environ,
        "DATABASE_URL": database_url,
        "WAHOOK_AGENT": "openai",
        "OPENAI_BASE_URL": openai_url,
        "OPENAI_API_KEY": "e2e-provider-key",
        "WAHOOK_MODEL": "gpt-4",
        "WA_GRAPH_API_URL": graph_url,
        "WA_ACCESS_TOKEN": ACCESS_TOKEN,
        "WAHOOK_POLL_MS": "100",
        "WAHOOK_WORKER_CONCURRENCY": "2",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "wahook.cli", "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def completed_turns(port: int) -> float:
    """wahook_turns_total{result="completed"} of the worker serving on that port."""
    samples, _ = scrape(f"http://127.0.0.1:{port}")
    assert ("wahook_turns_total", (("result", "completed"),)) in samples, (
        "wahook_turns_total{result=completed} is missing"
    )
    return value(samples, "wahook_turns_total", result="completed")


def test_two_worker_processes_share_the_load_without_sharing_a_conversation(
    conn: Conn, database_url: str
) -> None:
    allow_fast_turns(conn)
    conversations, per_conversation = 12, 3
    fake = FakeOpenAI(reply_text="ok")
    fake.stall_next(conversations * per_conversation, 0.15)
    with running_fake_graph() as (graph, graph_url), running_fake_openai(fake) as openai_url:
        ports = [free_port(), free_port()]
        workers = [worker_process(database_url, openai_url, graph_url, port) for port in ports]
        try:
            for n in range(per_conversation):
                for c in range(conversations):
                    body = text_message(f"155507{c:02d}", f"wamid.two.{c}.{n}", f"{n}", age_seconds=60 - n)
                    process_message(conn, body)
                time.sleep(0.2)
            wait_until_settled(database_url, timeout=60)
            completed_by_metrics = sum(completed_turns(port) for port in ports)
        finally:
            for process in workers:
                process.send_signal(signal.SIGTERM)
            stderr = [process.communicate(timeout=30)[1].decode() for process in workers]
        # uvicorn re-raises SIGTERM once shut down, so the exit status says what stopped it.
        assert [process.returncode for process in workers] == [-signal.SIGTERM] * 2, stderr
        assert all('"background stopped"' in text for text in stderr), "each drained and stopped"
        sent = replies(graph)

    by_worker = conn.execute(
        "select worker, count(*) from wahook_private.agent_turns group by worker"
    ).fetchall()
    assert len(by_worker) == 2, f"both processes worked: {by_worker}"
    overlapping = conn.execute(
        "select count(*) from wahook_private.agent_turns a join wahook_private.agent_turns b"
        " on a.conversation_id = b.conversation_id and a.id < b.id"
        " and tstzrange(a.started_at, a.finished_at) && tstzrange(b.started_at, b.finished_at)"
    ).fetchone()
    assert overlapping == (0,), "no two turns of one conversation ran at the same time"
    turns = conn.execute(
        "select count(*), count(*) filter (where status = 'completed') from wahook_private.agent_turns"
    ).fetchone()
    assert turns is not None
    assert turns[0] == turns[1] == len(sent), "every turn completed and was answered once"
    assert completed_by_metrics == len(sent), "each worker's /metrics counts its turns"
    done = conn.execute(
        "select count(*) from wahook_private.processed_webhook_messages where status = 'completed'"
    ).fetchone()
    assert done == (conversations * per_conversation,)
    assert all("Traceback" not in text for text in stderr), stderr

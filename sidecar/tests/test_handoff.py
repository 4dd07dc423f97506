"""Human handoff through the running sidecar (`wahook serve`'s app with workers, sender and alerts)
against the Graph, OpenAI-compatible and alert stand-ins on 127.0.0.1: the agent asks for a person,
a person answers with `wahook reply`, echoes of the WhatsApp Business app take over, an agent reply
queued before a pause is withheld, and a quiet handoff goes back to the agent."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from psycopg.conninfo import make_conninfo

from tests.echo_support import ECHO_DELETE, ECHO_EDIT, ECHO_TEXT, echo_body
from tests.fake_alert_receiver import running_receiver
from tests.fake_graph import running_fake_graph
from tests.fake_openai import FakeOpenAI, handoff_completion
from tests.metrics_support import scrape, value
from tests.pipeline_support import (
    ACCESS_TOKEN,
    allow_fast_turns,
    conversation_of,
    post_accepted,
    replies,
    running_pipeline,
    wait_for,
    wait_until_settled,
)
from tests.sender_support import run_sender
from tests.serve_support import serving_pipeline, serving_with_provider
from tests.webhook_bodies import PHONE_NUMBER_ID, text_message
from wahook import metrics
from wahook.agent.handoff import HANDOFF_TOOL_NAME

Conn = psycopg.Connection[tuple[Any, ...]]
PROVIDER_KEY = "sk-handoff-test-key"


def state(conn: Conn, conversation_id: int) -> str | None:
    row = conn.execute(
        "select state from wahook_private.webhook_conversations where conversation_id = %s",
        (conversation_id,),
    ).fetchone()
    return None if row is None else str(row[0])


def message_status(conn: Conn, wamid: str) -> str | None:
    row = conn.execute(
        "select status from wahook_private.processed_webhook_messages where wamid = %s", (wamid,)
    ).fetchone()
    return None if row is None else str(row[0])


def wahook_cli(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "-m", "wahook.cli", *args], env=env, capture_output=True, text=True, timeout=60
    )


def test_the_agent_hands_off_a_person_replies_and_resume_gives_it_back(
    conn: Conn, database_url: str, tmp_path: Path
) -> None:
    allow_fast_turns(conn)
    customer = "15550971"
    fake_ai = FakeOpenAI(reply_text="Happy to help again.")
    fake_ai.answer_next(handoff_completion("A colleague will answer you.", '{"reason": "wants a refund"}'))
    log = tmp_path / "serve.log"
    with running_receiver() as (receiver, alert_url):
        settings = {
            "OPENAI_API_KEY": PROVIDER_KEY,
            "WAHOOK_POLL_MS": "200",
            "WAHOOK_AGENT_HANDOFF": "1",
            "WAHOOK_ALERT_WEBHOOK_URL": alert_url,
            "WAHOOK_ALERT_INTERVAL_SECONDS": "0.2",
        }
        with serving_with_provider(database_url, fake_ai, log, **settings) as (graph, url):
            c = conversation_of(conn, customer)
            post_accepted(url, text_message(customer, "wamid.ho.1", "I want my money back"))
            wait_for("the conversation is paused", lambda: state(conn, c) == "paused")
            wait_for("the handoff's own reply is sent", lambda: len(replies(graph)) == 1)
            assert [r.text for r in replies(graph)] == ["A colleague will answer you."]
            tools = fake_ai.received[0].body["tools"]
            assert [t["function"]["name"] for t in tools] == [HANDOFF_TOOL_NAME]
            wait_for("the alert is delivered", lambda: len(receiver.texts()) == 1)
            assert f"conversation {c} asks for a person: wants a refund" in receiver.texts()[0]

            post_accepted(url, text_message(customer, "wamid.ho.2", "hello?", 30))
            wait_for("the next message is stored", lambda: message_status(conn, "wamid.ho.2") == "pending")
            time.sleep(1.0)  # several polls of the workers: nobody answers it
            assert message_status(conn, "wamid.ho.2") == "pending"
            assert fake_ai.calls == 1

            answer = "Dana here, refund on its way."
            done = wahook_cli(database_url, "reply", str(c), answer, "--author", "dana")
            assert done.returncode == 0, done.stderr
            wait_for("the person's reply is sent", lambda: len(replies(graph)) == 2)
            assert replies(graph)[1].text == answer
            assert replies(graph)[1].to == customer

            conn.execute("select wahook.resume_conversation(%s, false, 'dana')", (c,))
            wait_for("the waiting message is answered", lambda: len(replies(graph)) == 3)
            assert replies(graph)[2].text == "Happy to help again."
            wait_until_settled(database_url)
    history = fake_ai.received[1].body["messages"]
    assert {"role": "assistant", "content": answer} in history, "the agent knows what the person said"
    assert history[-1] == {"role": "user", "content": "hello?"}
    rows = conn.execute(
        "select author, status from wahook_private.outbound_messages where author is not null"
    ).fetchall()
    assert rows == [("dana", "sent")]
    assert len(receiver.texts()) == 1, "announced once"
    logged = log.read_text()
    assert "Application shutdown complete." in logged
    assert "handoff alert sent" in logged
    for secret in (PROVIDER_KEY, alert_url, ACCESS_TOKEN):
        assert secret not in logged, "secrets are never logged"


def test_a_bad_reply_is_refused_with_the_engine_s_reason(conn: Conn, database_url: str) -> None:
    done = wahook_cli(database_url, "reply", "42", "hello", "--author", "dana")
    assert done.returncode == 1
    assert "conversation 42 does not exist" in done.stderr


def test_echoes_are_stored_once_not_answered_and_take_over(
    conn: Conn, database_url: str, fixtures_dir: Path
) -> None:
    allow_fast_turns(conn)
    customer = "15550972"
    c = conversation_of(conn, customer)
    text = echo_body(fixtures_dir, ECHO_TEXT, customer, "wamid.echo.text")
    edit = echo_body(fixtures_dir, ECHO_EDIT, customer, "wamid.echo.edit", "wamid.echo.text")
    delete = echo_body(fixtures_dir, ECHO_DELETE, customer, "wamid.echo.delete", "wamid.echo.text")
    with running_fake_graph() as (graph, graph_url), serving_pipeline(database_url, graph_url) as url:
        post_accepted(url, text_message(customer, "wamid.ec.1", "open today?"))
        wait_until_settled(database_url)
        assert [r.text for r in replies(graph)] == ["echo: open today?"]

        for _ in range(2):
            post_accepted(url, text)
        wait_for("the conversation is taken over", lambda: state(conn, c) == "paused")
        stored = conn.execute(
            "select author, status, wamid, body -> 'text' ->> 'body' from wahook_private.outbound_messages"
            " where author is not null"
        ).fetchall()
        assert stored == [("whatsapp business app", "sent", "wamid.echo.text", "Test message")]

        post_accepted(url, text_message(customer, "wamid.ec.2", "thanks!", 30))
        wait_for("the customer's message is stored", lambda: message_status(conn, "wamid.ec.2") == "pending")
        time.sleep(1.0)
        assert message_status(conn, "wamid.ec.2") == "pending", "it waits for the person"
        assert [r.text for r in replies(graph)] == ["echo: open today?"], "the echo is never answered"

        post_accepted(url, edit)
        wait_for(
            "the edit applies",
            lambda: (
                conn.execute(
                    "select body -> 'text' ->> 'body' from wahook_private.outbound_messages"
                    " where wamid = 'wamid.echo.text'"
                ).fetchone()
                == ("Text was edited",)
            ),
        )
        memory = conn.execute(
            "select role, content from wahook_private.agent_contexts where conversation_id = %s order by id",
            (c,),
        ).fetchall()
        assert memory[-1] == ("assistant", "Text was edited")
        post_accepted(url, delete)
        wait_for(
            "the delete applies",
            lambda: (
                conn.execute(
                    "select revoked_at is not null from wahook_private.outbound_messages"
                    " where wamid = 'wamid.echo.text'"
                ).fetchone()
                == (True,)
            ),
        )
    memory = conn.execute(
        "select role, content from wahook_private.agent_contexts where conversation_id = %s order by id", (c,)
    ).fetchall()
    assert memory == [("user", "open today?"), ("assistant", "echo: open today?")]
    assert conn.execute(
        "select count(*) from wahook_private.processed_webhook_messages where conversation_id = %s", (c,)
    ).fetchone() == (2,)


def test_an_agent_reply_queued_before_a_pause_is_withheld_not_sent(conn: Conn, database_url: str) -> None:
    """The race: the turn completes (its reply queued), a person takes over, then the sender runs."""
    conn.execute(
        "select tests.add_message(%s, '15550973', 'wamid.race.1', now() - interval '1 minute')",
        (PHONE_NUMBER_ID,),
    )
    claimed = conn.execute(
        "select conversation_id, lease_token from wahook.claim_conversation('worker-race')"
    ).fetchone()
    assert claimed is not None
    c, lease = claimed
    conn.execute("select wahook.complete_turn(%s, %s, 'the agent speaks', 3, '{}')", (c, lease))
    with psycopg.connect(database_url, autocommit=True) as person:
        person.execute("select wahook.pause_conversation(%s, 'a person took over', 'dana')", (c,))
    before = metrics.graph_sends.labels("withheld")._value.get()
    with running_fake_graph() as (graph, graph_url):
        assert run_sender(database_url, graph_url) == [1]
        assert graph.snapshot() == [], "nothing reached the Graph API"
    row = conn.execute(
        "select status, errors -> 0 ->> 'code' from wahook_private.outbound_messages"
        " where conversation_id = %s",
        (c,),
    ).fetchone()
    assert row == ("withheld", "withheld_for_human")
    assert metrics.graph_sends.labels("withheld")._value.get() == before + 1


def test_a_quiet_handoff_goes_back_to_the_agent(conn: Conn, database_url: str, fixtures_dir: Path) -> None:
    allow_fast_turns(conn, handoff_quiet_minutes=30)
    customer = "15550974"
    c = conversation_of(conn, customer)
    start = datetime.now(UTC)
    clock = make_conninfo(database_url, options=f"-c wahook.now={start.isoformat()}")
    with running_fake_graph() as (graph, graph_url):
        with running_pipeline(clock, graph_url) as url:
            post_accepted(url, text_message(customer, "wamid.qt.1", "hi"))
            wait_until_settled(database_url)
            post_accepted(url, echo_body(fixtures_dir, ECHO_TEXT, customer, "wamid.qt.echo"))
            wait_for("taken over", lambda: state(conn, c) == "paused")
            post_accepted(url, text_message(customer, "wamid.qt.2", "still there?", 10))
            wait_for("stored", lambda: message_status(conn, "wamid.qt.2") == "pending")
        # 29 minutes later nothing changes; 31 minutes later maintenance resumes it.
        for minutes, expected in ((29, "paused"), (31, "pending")):
            later = (start + timedelta(minutes=minutes)).isoformat()
            conn.execute("select set_config('wahook.now', %s, false)", (later,))
            conn.execute("select wahook.run_maintenance()")
            assert state(conn, c) == expected, minutes
        after = make_conninfo(database_url, options=f"-c wahook.now={later}")
        with running_pipeline(after, graph_url):
            wait_until_settled(database_url)
    assert [r.text for r in replies(graph)] == ["echo: hi", "echo: still there?"]
    actor = conn.execute(
        "select actor from wahook_private.conversation_state_transitions"
        " where conversation_id = %s and from_state = 'paused'",
        (c,),
    ).fetchone()
    assert actor == ("quiet time",)


def paused_with_a_waiting_message(conn: Conn, customer: str, wamid: str) -> int:
    """The conversation of `customer`, whose message `wamid` (a minute old) waits while a person
    has taken the conversation over; its id."""
    conn.execute(
        "select tests.add_message(%s, %s, %s, now() - interval '1 minute')",
        (PHONE_NUMBER_ID, customer, wamid),
    )
    c = conversation_of(conn, customer)
    conn.execute("select wahook.pause_conversation(%s, 'a person has it', 'ops')", (c,))
    return c


def test_reply_with_resume_hands_the_conversation_back(conn: Conn, database_url: str) -> None:
    c = paused_with_a_waiting_message(conn, "15550975", "wamid.cli.1")
    done = wahook_cli(database_url, "reply", str(c), "All sorted.", "--author", "dana", "--resume")
    assert done.returncode == 0, done.stderr
    assert f"conversation {c} resumed: pending" in done.stdout
    assert state(conn, c) == "pending", "the waiting message goes to the agent"
    row = conn.execute(
        "select author, status, body -> 'text' ->> 'body' from wahook_private.outbound_messages"
        " where conversation_id = %s",
        (c,),
    ).fetchone()
    assert row == ("dana", "queued", "All sorted.")
    refused = wahook_cli(database_url, "reply", str(c), "   ", "--author", "dana")
    assert refused.returncode == 1 and "p_text must be" in refused.stderr


def test_reply_resume_can_discard_what_waited(conn: Conn, database_url: str) -> None:
    c = paused_with_a_waiting_message(conn, "15550976", "wamid.cli.2")
    alone = wahook_cli(database_url, "reply", str(c), "Done.", "--author", "dana", "--discard-pending")
    assert alone.returncode == 2 and "--discard-pending goes with --resume" in alone.stderr
    done = wahook_cli(
        database_url, "reply", str(c), "Done.", "--author", "dana", "--resume", "--discard-pending"
    )
    assert done.returncode == 0, done.stderr
    assert state(conn, c) == "idle"
    assert message_status(conn, "wamid.cli.2") == "skipped", "the person answered it; the agent will not"


def test_a_reply_generated_while_a_person_took_over_is_not_sent(
    conn: Conn, database_url: str, fixtures_dir: Path
) -> None:
    """The agent is still thinking when the business writes in the app: the turn is abandoned, its
    reply refused at completion (lease lost), and the message is answered only after the resume."""
    allow_fast_turns(conn)
    customer = "15550977"
    c = conversation_of(conn, customer)
    fake_ai = FakeOpenAI(reply_text="late agent answer")
    fake_ai.stall_next(1, 3.0)
    with serving_with_provider(
        database_url, fake_ai, OPENAI_API_KEY=PROVIDER_KEY, WAHOOK_AGENT_TIMEOUT_SECONDS="10"
    ) as (graph, url):
        post_accepted(url, text_message(customer, "wamid.fl.1", "what about my order?"))
        wait_for("the agent is thinking", lambda: fake_ai.calls == 1)
        post_accepted(url, echo_body(fixtures_dir, ECHO_TEXT, customer, "wamid.fl.echo"))
        wait_for("taken over", lambda: state(conn, c) == "paused")
        turn = conn.execute(
            "select status, error_code from wahook_private.agent_turns where conversation_id = %s", (c,)
        ).fetchone()
        assert turn == ("abandoned", "paused")
        wait_for(
            "the turn is dropped, its lease lost",
            lambda: value(scrape(url)[0], "wahook_turns_total", result="lease_lost") == 1,
            timeout=10,
        )
        assert replies(graph) == [], "the reply generated meanwhile is not sent"
        assert message_status(conn, "wamid.fl.1") == "pending"
        conn.execute("select wahook.resume_conversation(%s, false, 'dana')", (c,))
        wait_until_settled(database_url)
    assert [r.text for r in replies(graph)] == ["late agent answer"]
    assert fake_ai.calls == 2, "answered by a new turn after the resume"
    history = fake_ai.received[1].body["messages"]
    assert {"role": "assistant", "content": "Test message"} in history, "the echo is what the business said"

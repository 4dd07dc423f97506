"""The dashboard's handoff panel in a real headless Chromium (driven over the DevTools pipe): a
paused conversation is listed; picking it, typing a reply with the dashboard token and clicking
Send puts the person's text on the Graph API stand-in; Resume hands it back to the agent, which
answers the message that waited. The actions are refused without the token, or without a token
configured at all."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from tests.cdp_pipe import headless_chromium
from tests.fake_graph import FakeGraph, running_fake_graph
from tests.host_tools import chromium
from tests.pipeline_support import (
    SECRET,
    allow_fast_turns,
    background,
    conversation_of,
    post_accepted,
    replies,
    wait_for,
    wait_until_settled,
)
from tests.server_support import running_sidecar
from tests.webhook_bodies import text_message
from wahook.config import Config

Conn = psycopg.Connection[Any]
TOKEN = "dashboard-test-token"
CUSTOMER = "15550981"


@pytest.fixture
def paused_sidecar(conn: Conn, database_url: str) -> Iterator[tuple[str, FakeGraph, int]]:
    """A sidecar whose conversation with CUSTOMER was answered once, then paused with a message
    waiting."""
    config = Config(database_url=database_url, app_secret=SECRET, verify_token="v", dashboard_token=TOKEN)
    with (
        running_fake_graph() as (graph, graph_url),
        running_sidecar(config, background=background(graph_url)) as url,
    ):
        allow_fast_turns(conn)
        conversation_id = conversation_of(conn, CUSTOMER)
        post_accepted(url, text_message(CUSTOMER, "wamid.dash.1", "hello"))
        wait_until_settled(database_url)
        conn.execute("select wahook.pause_conversation(%s, 'a person has it', 'ops')", (conversation_id,))
        post_accepted(url, text_message(CUSTOMER, "wamid.dash.2", "anyone?", 30))
        wait_for(
            "the waiting message is stored",
            lambda: (
                conn.execute(
                    "select count(*) from wahook_private.processed_webhook_messages"
                    " where wamid = 'wamid.dash.2'"
                ).fetchone()
                == (1,)
            ),
            timeout=20,
        )
        yield url, graph, conversation_id


def test_a_person_replies_and_resumes_from_the_dashboard(
    paused_sidecar: tuple[str, FakeGraph, int], conn: Conn, database_url: str, tmp_path: Path
) -> None:
    url, graph, conversation_id = paused_sidecar
    with headless_chromium(chromium(), tmp_path / "profile") as browser:
        page = browser.open(f"{url}/dashboard")
        row = f"document.querySelector('#paused tr[data-conversation=\"{conversation_id}\"]')"
        browser.wait_for(page, f"!!{row}")
        assert browser.evaluate(page, f"{row}.dataset.kind") == "operator"
        assert browser.evaluate(page, f"{row}.lastElementChild.textContent") == "1", "one message waits"

        browser.evaluate(page, f"{row}.click()")
        assert browser.evaluate(page, "document.getElementById('reply-conversation').value") == str(
            conversation_id
        )
        fill = {"reply-author": "dana", "reply-token": TOKEN, "reply-text": "Dana here, how can I help?"}
        browser.evaluate(
            page,
            "(() => { for (const [id, v] of Object.entries("
            + json.dumps(fill)
            + ")) document.getElementById(id).value = v; })()",
        )
        browser.evaluate(page, "document.getElementById('reply-send').click()")
        browser.wait_for(page, "document.getElementById('reply-result').dataset.outcome === 'ok'")
        wait_for("the person's reply reaches the Graph API", lambda: len(replies(graph)) >= 2, timeout=20)
        assert replies(graph)[1].text == "Dana here, how can I help?"
        assert replies(graph)[1].to == CUSTOMER

        browser.evaluate(page, "document.getElementById('reply-resume').click()")
        result = browser.wait_for(
            page,
            "document.getElementById('reply-result').dataset.outcome !== 'pending'"
            " && document.getElementById('reply-result').textContent.startsWith('Resumed')"
            " && document.getElementById('reply-result').textContent",
        )
        assert result == "Resumed: pending."
        wait_until_settled(database_url)
        browser.wait_for(page, "!document.querySelector('#paused tr[data-conversation]')")
    assert [r.text for r in replies(graph)] == ["echo: hello", "Dana here, how can I help?", "echo: anyone?"]
    author = conn.execute(
        "select author from wahook_private.outbound_messages where author is not null"
    ).fetchone()
    assert author == ("dana",)


def test_the_actions_need_the_token_and_json(
    paused_sidecar: tuple[str, FakeGraph, int],
) -> None:
    url, graph, conversation_id = paused_sidecar
    target = f"{url}/dashboard/conversations/{conversation_id}"
    good = {"Authorization": f"Bearer {TOKEN}"}
    body = {"text": "hi", "author": "dana"}
    assert httpx.post(f"{target}/reply", json=body).status_code == 401
    assert (
        httpx.post(f"{target}/reply", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    )
    form = httpx.post(f"{target}/reply", data=body, headers=good)
    assert form.status_code == 415, "a cross-site form post is refused"
    assert (
        httpx.post(f"{target}/reply", json={"text": " ", "author": "dana"}, headers=good).status_code == 400
    )
    too_long = httpx.post(f"{target}/reply", json={"text": "x" * 5000, "author": "dana"}, headers=good)
    assert too_long.status_code == 400 and "4096" in too_long.json()["error"]
    assert httpx.post(f"{url}/dashboard/conversations/42/reply", json=body, headers=good).status_code == 404
    assert httpx.post(f"{url}/dashboard/conversations/x1/reply", json=body, headers=good).status_code == 404
    assert len(replies(graph)) == 1, "nothing refused was sent"
    odd = httpx.post(f"{target}/resume", json={"author": "dana", "discard_pending": "yes"}, headers=good)
    assert odd.status_code == 400
    resumed = httpx.post(f"{target}/resume", json={"author": "dana"}, headers=good)
    assert resumed.json() == {"state": "pending", "conversation_id": str(conversation_id)}
    again = httpx.post(f"{target}/resume", json={"author": "dana"}, headers=good)
    assert again.status_code == 409, "it is not paused any more"


def test_without_a_configured_token_the_actions_are_off(database_url: str) -> None:
    config = Config(database_url=database_url, app_secret=SECRET, verify_token="v")
    with running_sidecar(config) as url:
        answer = httpx.post(
            f"{url}/dashboard/conversations/1/reply",
            json={"text": "hi", "author": "dana"},
            headers={"Authorization": "Bearer anything"},
        )
    assert answer.status_code == 403
    assert "WAHOOK_DASHBOARD_TOKEN" in answer.json()["error"]


def test_the_token_is_read_from_the_environment_and_never_shown() -> None:
    url = "postgresql://127.0.0.1/wahook"
    config = Config.from_env(env={"DATABASE_URL": url, "WAHOOK_DASHBOARD_TOKEN": "s3"})
    assert config.dashboard_token == "s3"
    assert "s3" not in repr(config)
    assert Config.from_env(env={"DATABASE_URL": url}).dashboard_token == ""

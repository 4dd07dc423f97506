"""The whole pipeline for end-to-end tests: the sidecar with its workers and sender on 127.0.0.1,
a fake Graph API, and a wait until everything in the database has settled (bodies, and posting
them signed with SECRET: tests/webhook_bodies.py)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from tests.fake_graph import FakeGraph, GraphRequest
from tests.fake_openai import FakeOpenAI
from tests.server_support import running_app, running_sidecar
from tests.webhook_bodies import PHONE_NUMBER_ID, post_signed
from wahook.config import AgentSettings, Config, WorkerSettings
from wahook.media.graph_media import MediaClient
from wahook.outbox.graph import GraphClient
from wahook.work.runtime import Background

SECRET = "e2e-app-secret"
ACCESS_TOKEN = "e2e-access-token"

# Nothing left to do: no message waits or is held, no reply waits or is being sent.
INBOX_WAITING = "select count(*) from wahook_private.webhook_inbox where failed_at is null"
UNSETTLED = f"""
select
    ({INBOX_WAITING})
    + (select count(*) from wahook_private.processed_webhook_messages
     where status in ('pending', 'processing'))
    + (select count(*) from wahook_private.outbound_messages where status in ('queued', 'sending'))
    + (select count(*) from wahook_private.webhook_conversations
       where state in ('pending', 'processing', 'retry_wait'))
"""
FAST_WORKER = WorkerSettings(poll_seconds=0.2, lease_seconds=30, grace_seconds=5)


def background(graph_url: str, worker: WorkerSettings = FAST_WORKER, **agent: Any) -> Background:
    """Workers and sender against the fake Graph API; `agent` overrides AgentSettings (echo)."""
    return Background(
        agent=replace(AgentSettings(), **agent),
        worker=worker,
        graph=lambda: GraphClient(base_url=graph_url, access_token=ACCESS_TOKEN, timeout_seconds=5),
        media_client=lambda: MediaClient(base_url=graph_url, access_token=ACCESS_TOKEN, timeout_seconds=10),
        run_maintenance=False,
    )


@contextmanager
def running_pipeline(
    database_url: str, graph_url: str, worker: WorkerSettings = FAST_WORKER, **agent: Any
) -> Iterator[str]:
    config = Config(database_url=database_url, app_secret=SECRET, verify_token="e2e-verify-token")
    with running_sidecar(config, background=background(graph_url, worker, **agent)) as url:
        yield url


def post_accepted(url: str, body: dict[str, Any]) -> None:
    """POSTs `body` to the sidecar at `url`, signed with SECRET, and checks that it was acknowledged."""
    assert post_signed(url, body, SECRET).status_code == 200


def conversation_of(conn: psycopg.Connection[Any], customer: str) -> int:
    """The conversation id of `customer` with the test business number (tests.conversation_of)."""
    row = conn.execute("select tests.conversation_of(%s, %s)", (PHONE_NUMBER_ID, customer)).fetchone()
    assert row is not None
    return int(row[0])


def allow_fast_turns(conn: psycopg.Connection[Any], **settings: Any) -> None:
    """Tests post faster than a person types: lift the turns-per-minute limit (and change any other
    engine setting given)."""
    changes = {"agent_turns_per_minute": 10000, **settings}
    conn.execute("select wahook.update_settings(%s)", [Jsonb(changes)])


@contextmanager
def running_fake_openai(fake: FakeOpenAI) -> Iterator[str]:
    """The fake provider on 127.0.0.1; yields its base URL (OPENAI_BASE_URL)."""
    with running_app(fake.app()) as url:
        yield f"{url}/v1"


def openai_agent(base_url: str, **overrides: Any) -> dict[str, Any]:
    """AgentSettings overrides for the OpenAI-compatible provider at base_url."""
    return {
        "agent": "openai",
        "openai_base_url": base_url,
        "openai_api_key": "e2e-provider-key",
        "model": "gpt-4",
        **overrides,
    }


def wait_for(what: str, check: Callable[[], bool], timeout: float = 30.0) -> None:
    """Polls `check` until it holds; fails saying `what` did not come true after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not true after {timeout} s: {what}")
        time.sleep(0.05)


def wait_until_none(database_url: str, count_query: str, what: str, timeout: float) -> None:
    """Polls `count_query` until it counts 0; fails naming what is left after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(database_url, autocommit=True) as conn:
        while True:
            row = conn.execute(count_query.encode()).fetchone()
            if row and row[0] == 0:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"{row and row[0]} {what} after {timeout} s")
            time.sleep(0.02)


def wait_until_settled(database_url: str, timeout: float = 60.0) -> None:
    wait_until_none(database_url, UNSETTLED, "items still unsettled", timeout)


def wait_until_ingested(database_url: str, timeout: float = 30.0) -> None:
    """Acknowledged bodies are ingested behind the 200: wait until the inbox has none waiting."""
    wait_until_none(database_url, INBOX_WAITING, "bodies still in the inbox", timeout)


@dataclass(frozen=True)
class Reply:
    phone_number_id: str
    to: str
    text: str


def replies(fake: FakeGraph) -> list[Reply]:
    """The text messages the fake Graph API received, in arrival order (read receipts left out)."""
    return [reply_of(r) for r in fake.snapshot() if r.json.get("type") == "text"]


def reply_of(request: GraphRequest) -> Reply:
    phone_number_id = request.path.split("/")[-2]
    return Reply(phone_number_id, str(request.json["to"]), str(request.json["text"]["body"]))


def echoed(texts: list[str]) -> str:
    """What a sequence of echo replies said, joined: 'echo: a | b', 'echo: c' -> 'a | b | c'."""
    assert all(t.startswith("echo: ") for t in texts), texts
    return " | ".join(t.removeprefix("echo: ") for t in texts)

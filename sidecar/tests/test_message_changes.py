"""Customers' edits and revokes, through `wahook serve` (a real process) against the Graph API
stand-in: the real edit and revoke webhooks of david-lev/pywa's suite, their ids rewritten to name
earlier messages of the same conversation. A pending message that is edited is answered with its
new text, one that is revoked is not answered; an answered one that is edited or revoked changes
what the next turn's history (the OpenAI stand-in's chat request) shows; a turn already thinking
about a message the customer edits is given back and answered once, with the new text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.fake_graph import running_fake_graph
from tests.fake_openai import FakeOpenAI
from tests.pipeline_support import (
    allow_fast_turns,
    post_accepted,
    replies,
    wait_for,
    wait_until_ingested,
    wait_until_settled,
)
from tests.serve_support import serving_pipeline, serving_with_provider
from tests.webhook_bodies import (
    PHONE_NUMBER_ID,
    ago,
    contact,
    message_item,
    notification,
    text_message,
)

EDIT_FIXTURE = "david-lev__pywa/edited_message__image.json"
REVOKE_FIXTURE = "david-lev__pywa/deleted_message__revoke.json"


def real_change(fixtures_dir: Path, fixture: str, customer: str, wamid: str, original: str) -> dict[str, Any]:
    """The real edit or revoke body, rewritten: sent now by `customer` to the test business number,
    as `wamid`, changing `original` (an earlier message of the same conversation)."""
    body: dict[str, Any] = json.loads((fixtures_dir / fixture).read_text(encoding="utf-8"))
    value = body["entry"][0]["changes"][0]["value"]
    value["metadata"]["phone_number_id"] = PHONE_NUMBER_ID
    value["contacts"][0]["wa_id"] = customer
    [message] = value["messages"]
    message.update({"from": customer, "id": wamid, "timestamp": ago(0)})
    message[message["type"]]["original_message_id"] = original
    return body


def image_message(customer: str, wamid: str, caption: str, age_seconds: int) -> dict[str, Any]:
    image = {"id": f"media-{wamid}", "mime_type": "image/jpeg", "sha256": "0" * 8, "caption": caption}
    return notification(
        [message_item(customer, wamid, "image", image, age_seconds)], contacts=[contact(customer)]
    )


def stored(conn: Any, wamid: str) -> tuple[str, str | None]:
    row = conn.execute(
        "select status, text_body from wahook_private.processed_webhook_messages where wamid = %s", [wamid]
    ).fetchone()
    assert row is not None, wamid
    return row[0], row[1]


def test_an_edited_pending_message_is_answered_with_its_new_text(
    conn: Any, database_url: str, fixtures_dir: Path
) -> None:
    allow_fast_turns(conn)
    customer = "15550701"
    with running_fake_graph() as (fake, graph_url):
        # Only the endpoint first, so the message is still pending when its edit arrives.
        with serving_pipeline(database_url, graph_url, WAHOOK_BACKGROUND="0") as url:
            post_accepted(url, image_message(customer, "wamid.chg.1", "Old caption", age_seconds=30))
            post_accepted(
                url, real_change(fixtures_dir, EDIT_FIXTURE, customer, "wamid.chg.edit", "wamid.chg.1")
            )
            wait_until_ingested(database_url)
            assert stored(conn, "wamid.chg.1") == ("pending", "Updated image caption")
        with serving_pipeline(database_url, graph_url):
            wait_until_settled(database_url)
        answered = [r.text for r in replies(fake)]
    assert answered == ["echo: [image] Updated image caption"]
    payload = conn.execute(
        "select payload #>> '{image,caption}' from wahook_private.processed_webhook_messages"
        " where wamid = 'wamid.chg.1'"
    ).fetchone()
    assert payload == ("Old caption",), "the original keeps its payload as received"


def test_a_revoked_pending_message_is_not_answered(conn: Any, database_url: str, fixtures_dir: Path) -> None:
    allow_fast_turns(conn)
    customer = "15550702"
    with running_fake_graph() as (fake, graph_url):
        with serving_pipeline(database_url, graph_url, WAHOOK_BACKGROUND="0") as url:
            post_accepted(url, text_message(customer, "wamid.chg.2", "keep this", age_seconds=30))
            post_accepted(url, text_message(customer, "wamid.chg.3", "my pin is 1234", age_seconds=20))
            post_accepted(
                url, real_change(fixtures_dir, REVOKE_FIXTURE, customer, "wamid.chg.revoke", "wamid.chg.3")
            )
            wait_until_ingested(database_url)
        with serving_pipeline(database_url, graph_url):
            wait_until_settled(database_url)
        answered = [r.text for r in replies(fake)]
    assert answered == ["echo: keep this"]
    assert stored(conn, "wamid.chg.3") == ("skipped", None)


def test_the_next_turn_sees_an_answered_message_as_edited_and_a_revoked_one_not_at_all(
    conn: Any, database_url: str, fixtures_dir: Path
) -> None:
    allow_fast_turns(conn)
    customer = "15550703"
    provider = FakeOpenAI(reply_text="noted")
    with serving_with_provider(database_url, provider) as (fake, url):
        post_accepted(url, image_message(customer, "wamid.chg.4", "Old caption", age_seconds=60))
        wait_until_settled(database_url)
        post_accepted(url, text_message(customer, "wamid.chg.5", "my card is 4111 1111", age_seconds=50))
        wait_until_settled(database_url)

        post_accepted(
            url, real_change(fixtures_dir, EDIT_FIXTURE, customer, "wamid.chg.edit2", "wamid.chg.4")
        )
        post_accepted(
            url, real_change(fixtures_dir, REVOKE_FIXTURE, customer, "wamid.chg.revoke2", "wamid.chg.5")
        )
        wait_until_ingested(database_url)
        post_accepted(url, text_message(customer, "wamid.chg.6", "what did I send?", age_seconds=0))
        wait_until_settled(database_url)
    assert len(replies(fake)) == 3, "the changes themselves make no turn"
    history = [(m["role"], m["content"]) for m in provider.received[-1].body["messages"]]
    assert history[1:] == [
        ("user", "[image] Updated image caption"),
        ("assistant", "noted"),
        ("assistant", "noted"),
        ("user", "what did I send?"),
    ]
    assert not any("Old caption" in c or "4111" in c for _, c in history)


def test_a_turn_thinking_about_a_message_the_customer_edits_is_answered_anew(
    conn: Any, database_url: str, fixtures_dir: Path
) -> None:
    allow_fast_turns(conn)
    customer = "15550704"
    provider = FakeOpenAI(reply_text="on it")
    provider.stall_next(1, 3.0)
    with serving_with_provider(database_url, provider) as (fake, url):
        post_accepted(url, image_message(customer, "wamid.chg.7", "Old caption", age_seconds=30))
        wait_for("the agent is called", lambda: provider.calls > 0, timeout=10)
        post_accepted(
            url, real_change(fixtures_dir, EDIT_FIXTURE, customer, "wamid.chg.edit3", "wamid.chg.7")
        )
        wait_until_settled(database_url)
    answered = [r.text for r in replies(fake)]
    assert answered == ["on it"], "one answer, not one per version of the message"
    asked = [r.body["messages"][-1]["content"] for r in provider.received]
    assert asked == ["[image] Old caption", "[image] Updated image caption"]
    turns = conn.execute("select status, error_code from wahook_private.agent_turns order by id").fetchall()
    assert turns == [("abandoned", "message_changed"), ("completed", None)]

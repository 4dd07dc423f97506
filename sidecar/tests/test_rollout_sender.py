"""The rollout routes a body by the sender the engine stores it under: the router's message_sender
gives, for every message of every fixture and for the bodies Meta sends without `from`, what
wahook_private.ingest_message_sender returns in the database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg.types.json import Jsonb

from tests.test_ingest_fixtures import webhook_files
from tests.webhook_bodies import notification
from wahook.http.rollout import Rollout, Route, message_sender, routing_key

Conn = psycopg.Connection[tuple[object, ...]]
SENDER = "select customer_id from wahook_private.ingest_message_sender(%s::jsonb, %s::jsonb)"


def sql_sender(conn: Conn, message: Any, contacts: Any) -> str | None:
    row = conn.execute(SENDER, (Jsonb(message), Jsonb(contacts))).fetchone()
    assert row is not None
    assert row[0] is None or isinstance(row[0], str)
    return row[0]


def message_values(body: Any) -> list[dict[str, Any]]:
    """Every change value of the body that carries a list of messages, whatever its field."""
    return [
        change["value"]
        for entry in body.get("entry", [])
        for change in entry.get("changes", [])
        if isinstance(change.get("value"), dict) and isinstance(change["value"].get("messages"), list)
    ]


def test_every_fixture_message_gets_the_sender_the_engine_gives_it(conn: Conn, fixtures_dir: Path) -> None:
    compared = 0
    mismatches = []
    for path in webhook_files(fixtures_dir):
        body = json.loads(path.read_text())
        senders = []
        for value in message_values(body):
            for message in value["messages"]:
                expected = sql_sender(conn, message, value.get("contacts"))
                compared += 1
                if message_sender(message, value.get("contacts")) != expected:
                    mismatches.append(f"{path.name}: {message.get('id')} should be {expected!r}")
                senders.append(expected)
        first = next((s for s in senders if s is not None), None)
        if first is not None and routing_key(body) != first:
            mismatches.append(f"{path.name}: routed by {routing_key(body)!r}, not {first!r}")
    assert compared >= 70, compared
    assert mismatches == []


TEXT = {"id": "wamid.x", "timestamp": "1700000000", "type": "text", "text": {"body": "hi"}}
USER = "US.13491208655302741918"


@pytest.mark.parametrize(
    ("message", "contacts", "sender"),
    [
        ({**TEXT, "from_user_id": USER}, [{"user_id": USER, "profile": {"name": "C"}}], USER),
        ({**TEXT, "from_user_id": USER}, None, USER),
        ({**TEXT, "user_id": USER}, None, USER),
        ({**TEXT, "from": "15550001", "from_user_id": USER}, None, "15550001"),
        ({**TEXT, "from": 15550001}, None, "15550001"),
        ({**TEXT, "from": ""}, None, ""),
        ({**TEXT, "from": True, "from_user_id": USER}, None, USER),
        (TEXT, [{"wa_id": "15550002", "user_id": USER}], "15550002"),
        (TEXT, [{"user_id": USER}], USER),
        (TEXT, ["not a contact", {"wa_id": "15550003"}], "15550003"),
        (TEXT, [{"wa_id": "15550004"}, {"wa_id": "15550005"}], None),
        (TEXT, {"wa_id": "15550006"}, None),
        (TEXT, None, None),
    ],
)
def test_bodies_without_from_are_routed_like_the_engine_stores_them(
    conn: Conn, message: dict[str, Any], contacts: Any, sender: str | None
) -> None:
    assert sql_sender(conn, message, contacts) == sender
    assert message_sender(message, contacts) == sender
    assert routing_key(notification([message], contacts=contacts)) == sender


def test_a_sender_known_only_by_user_id_is_routed_by_it() -> None:
    plan = Rollout(enabled=True, users=frozenset({USER}), percentage=0, legacy_url="http://legacy")
    assert plan.route(notification([{**TEXT, "from_user_id": USER}])) is Route.PIPELINE
    assert plan.route(notification([{**TEXT, "user_id": USER}])) is Route.PIPELINE
    assert plan.route(notification([TEXT], contacts=[{"user_id": USER}])) is Route.PIPELINE
    assert plan.route(notification([{**TEXT, "from_user_id": "US.other"}])) is Route.LEGACY

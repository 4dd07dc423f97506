"""Workers LISTEN on wahook_ready: an accepted message notifies them at commit, a body with nothing
for the agent does not."""

from __future__ import annotations

from typing import Any

import psycopg

from tests.ingest_support import process_message
from tests.webhook_bodies import contact, message_item, notification, text_message


def notifications_after(database_url: str, body: dict[str, Any]) -> list[str]:
    with psycopg.connect(database_url, autocommit=True) as listener:
        listener.execute("listen wahook_ready")
        with psycopg.connect(database_url, autocommit=True) as conn:
            process_message(conn, body)
        return [n.channel for n in listener.notifies(timeout=0.5, stop_after=1)]


def test_an_accepted_message_notifies_wahook_ready(database_url: str) -> None:
    assert notifications_after(database_url, text_message("15550001", "wamid.n1", "hi")) == ["wahook_ready"]


def test_a_duplicate_or_ignored_message_does_not_notify(database_url: str) -> None:
    body = text_message("15550001", "wamid.n2", "hi")
    notifications_after(database_url, body)
    assert notifications_after(database_url, body) == [], "a duplicate"
    emoji = {"message_id": "wamid.n2", "emoji": "👍"}
    reaction = notification(
        [message_item("15550001", "wamid.n3", "reaction", emoji)], contacts=[contact("15550001")]
    )
    assert notifications_after(database_url, reaction) == [], "a reaction (not for the agent)"

"""Echoes and messages of crossing conversations ingested at once, each body on its own connection:
one body carries a message of customer A and an echo to customer B, another a message of B and an
echo to A. Ingest takes every conversation of a batch in key order (ingest_echoes first, for the
echoes' and the messages' alike), so such bodies never deadlock, whatever the order of the keys,
and each conversation ends with its message waiting and the business's echo, taken over."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg

from tests.echo_support import ECHO_TEXT, echo_body
from tests.ingest_support import deliver_together
from tests.webhook_bodies import text_message

PAIRS = 20


def message_and_echo(fixtures_dir: Path, writer: str, written_to: str, n: int) -> dict[str, Any]:
    body = text_message(writer, f"wamid.cross.{n}.{writer}", "hello")
    echo = echo_body(fixtures_dir, ECHO_TEXT, written_to, f"wamid.cross.echo.{n}.{written_to}")
    body["entry"][0]["changes"] += echo["entry"][0]["changes"]
    return body


def test_crossing_echoes_and_messages_never_deadlock(
    database_url: str, conn: psycopg.Connection[Any], fixtures_dir: Path
) -> None:
    bodies = []
    for n in range(PAIRS):
        a, b = f"155509{n:02d}1", f"155509{n:02d}2"
        bodies.append(message_and_echo(fixtures_dir, a, b, n))
        bodies.append(message_and_echo(fixtures_dir, b, a, n))
    rows = deliver_together(database_url, bodies)
    assert sorted((r.kind, r.outcome) for r in rows) == sorted(
        [("message", "accepted"), ("event", "ignored")] * (2 * PAIRS)
    )
    summary = conn.execute(
        """
        select c.state, count(*),
            min((select count(*) from wahook_private.processed_webhook_messages as m
                 where m.conversation_id = c.conversation_id and m.status = 'pending')),
            min((select count(*) from wahook_private.outbound_messages as o
                 where o.conversation_id = c.conversation_id and o.author is not null))
        from wahook_private.webhook_conversations as c
        group by c.state
        """
    ).fetchall()
    assert summary == [("paused", 2 * PAIRS, 1, 1)]

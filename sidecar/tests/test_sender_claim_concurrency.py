"""Two senders claiming at once (two sessions): never the same reply, never a conversation's later
reply while its earlier one is being claimed by the other."""

from __future__ import annotations

from typing import Any

import psycopg

Conn = psycopg.Connection[tuple[Any, ...]]


def one(conn: Conn, query: str, *params: object) -> Any:
    row = conn.execute(query, params).fetchone()
    assert row is not None
    return row[0]


def claim(conn: Conn, sender: str, limit: int = 10) -> list[int]:
    rows = conn.execute(
        "select outbound_id from wahook.claim_outbound_messages(%s, %s)", (sender, limit)
    ).fetchall()
    return [int(r[0]) for r in rows]


def test_concurrent_claims_skip_what_the_other_holds(database_url: str, conn: Conn) -> None:
    first_conversation = one(conn, "select tests.outbox_conversation('15554001')")
    other_conversation = one(conn, "select tests.outbox_conversation('15554002')")
    earlier = one(conn, "select tests.outbox_reply(%s, 'earlier')", first_conversation)
    later = one(conn, "select tests.outbox_reply(%s, 'later')", first_conversation)
    other = one(conn, "select tests.outbox_reply(%s, 'other')", other_conversation)

    with psycopg.connect(database_url) as a, psycopg.connect(database_url, autocommit=True) as b:
        # Sender a claims the oldest due reply and has not committed yet.
        assert claim(a, "sender-a", 1) == [earlier]

        # Sender b neither waits nor takes it, nor the later reply queued behind it.
        assert claim(b, "sender-b") == [other]

        a.commit()
        assert claim(b, "sender-b") == [], "the later reply waits while the earlier one is being sent"

    statuses = conn.execute(
        "select id, status, sender from wahook_private.outbound_messages order by id"
    ).fetchall()
    assert statuses == [
        (earlier, "sending", "sender-a"),
        (later, "queued", None),
        (other, "sending", "sender-b"),
    ]


def test_a_rolled_back_claim_leaves_the_reply_for_the_next_sender(database_url: str, conn: Conn) -> None:
    conversation_id = one(conn, "select tests.outbox_conversation('15554003')")
    reply_id = one(conn, "select tests.outbox_reply(%s, 'hi')", conversation_id)

    with psycopg.connect(database_url) as a:
        assert claim(a, "sender-a") == [reply_id]
        a.rollback()

    assert claim(conn, "sender-b") == [reply_id]
    assert (
        one(conn, "select attempt_count from wahook_private.outbound_messages where id = %s", reply_id) == 1
    )

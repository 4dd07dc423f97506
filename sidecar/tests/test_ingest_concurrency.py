"""Concurrent deliveries, each on its own connection, released together by a barrier: Meta's
retries of one body are stored once, different messages of one conversation all land, and a status
racing the send it reports is never lost."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import psycopg

from tests.ingest_support import Job, deliver_together, delivery_of, run_together
from tests.webhook_bodies import status_update, text_message
from wahook.db.ingest import IngestRow

DELIVERIES = 50


def assert_became_pending_once(conn: psycopg.Connection[Any]) -> None:
    """The one conversation the deliveries name made one state transition: it became pending once."""
    transitions = conn.execute(
        "select count(*) from wahook_private.conversation_state_transitions"
    ).fetchone()
    assert transitions == (1,), "the conversation became pending once"


def test_fifty_concurrent_deliveries_of_one_body_store_it_once(
    database_url: str, conn: psycopg.Connection[Any]
) -> None:
    body = text_message("15550001", "wamid.same", "hello")
    rows = deliver_together(database_url, [body] * DELIVERIES)

    assert Counter(row.outcome for row in rows) == {"accepted": 1, "duplicate": DELIVERIES - 1}
    stored = conn.execute(
        "select count(*) from wahook_private.processed_webhook_messages where wamid = 'wamid.same'"
    ).fetchone()
    assert stored == (1,)
    events = conn.execute(
        "select count(*), sum(duplicate_count) from wahook_private.webhook_events"
    ).fetchone()
    assert events == (DELIVERIES, DELIVERIES - 1), "every delivery is kept raw, the duplicates counted"
    assert_became_pending_once(conn)


def test_concurrent_different_messages_of_one_conversation_all_land(
    database_url: str, conn: psycopg.Connection[Any]
) -> None:
    bodies = [text_message("15550001", f"wamid.m{i}", f"message {i}") for i in range(DELIVERIES)]
    rows = deliver_together(database_url, bodies)

    assert [row.outcome for row in rows] == ["accepted"] * DELIVERIES
    assert len({row.conversation_id for row in rows}) == 1
    stored = conn.execute(
        "select count(*), count(distinct wamid) from wahook_private.processed_webhook_messages"
        " where status = 'pending'"
    ).fetchone()
    assert stored == (DELIVERIES, DELIVERIES)
    conversation = conn.execute("select state from wahook_private.webhook_conversations").fetchall()
    assert conversation == [("pending",)]
    assert_became_pending_once(conn)


def test_a_status_racing_the_recorded_send_is_applied(
    database_url: str, conn: psycopg.Connection[Any]
) -> None:
    replies = 25
    ids = [
        int(row[0])
        for row in conn.execute(
            "select tests.ingest_reply('100000001', '15550001', 'sending') from generate_series(1, %s)",
            (replies,),
        ).fetchall()
    ]
    key_row = conn.execute("select wahook_private.conversation_key('100000001', '15550001')").fetchone()
    assert key_row is not None
    key = int(key_row[0])

    def send(outbound_id: int) -> Job[None]:
        def job(c: psycopg.Connection[Any]) -> None:
            c.execute(
                "select wahook.record_outbound_sent(%s, %s, %s)",
                (key, outbound_id, f"wamid.race{outbound_id}"),
            )

        return job

    def deliver(outbound_id: int) -> Job[list[IngestRow]]:
        return delivery_of(status_update("15550001", f"wamid.race{outbound_id}", "delivered"))

    jobs: list[Job[object]] = [
        job for outbound_id in ids for job in (send(outbound_id), deliver(outbound_id))
    ]
    run_together(database_url, jobs)

    statuses = conn.execute(
        "select status, count(*) from wahook_private.outbound_messages where id = any(%s) group by status",
        (ids,),
    ).fetchall()
    assert statuses == [("delivered", replies)], "whichever came first, every reply ends delivered"
    unmatched = conn.execute(
        "select count(*) from wahook_private.outbound_status_events where outcome = 'unmatched'"
    ).fetchone()
    assert unmatched == (0,), "no status is left unmatched"


def test_concurrent_batches_over_the_same_conversations_do_not_deadlock(
    database_url: str, conn: psycopg.Connection[Any]
) -> None:
    batches, conversations = 10, 10

    def batch(n: int) -> Job[None]:
        # Each batch names the conversations in its own order.
        customers = [f"1555{(n * 7 + i * 3) % conversations:04d}" for i in range(conversations)]
        bodies = [text_message(customer, f"wamid.b{n}.{customer}", "hi") for customer in customers]

        def job(c: psycopg.Connection[Any]) -> None:
            with c.transaction():
                rows = c.execute(
                    "select outcome, error_sqlstate from wahook.process_messages(%s::jsonb)",
                    (json.dumps(bodies),),
                ).fetchall()
            assert rows == [("accepted", None)] * conversations

        return job

    run_together(database_url, [batch(n) for n in range(batches)])
    stored = conn.execute("select count(*) from wahook_private.processed_webhook_messages").fetchone()
    assert stored == (batches * conversations,)

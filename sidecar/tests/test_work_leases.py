"""Fencing tokens across sessions: a worker whose lease expired and was taken over, or whose
conversation was paused, cannot heartbeat, complete or fail; the current holder can."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from tests.work_support import (
    Conn,
    add_message,
    attempts,
    claim,
    complete,
    fail,
    heartbeat,
    set_now,
    wamids,
)
from wahook.db.turns import ClaimedTurn

T0 = "2026-06-01 12:00:00+00"


@pytest.fixture
def sessions(database_url: str) -> Iterator[tuple[Conn, Conn]]:
    """Two sessions of the test database: a worker's, and another worker's or a person's."""
    with (
        psycopg.connect(database_url, autocommit=True) as one,
        psycopg.connect(database_url, autocommit=True) as two,
    ):
        yield one, two


def claimed_by_worker_1(conn: Conn) -> ClaimedTurn:
    """Customer c1's message, written at T0, claimed by worker-1 in this session."""
    add_message(conn, "c1", "wamid.1", T0)
    turn = claim(conn, "worker-1")
    assert turn is not None
    return turn


def test_a_stolen_leases_worker_cannot_finish(sessions: tuple[Conn, Conn]) -> None:
    first, thief = sessions
    set_now(first, T0)
    turn = claimed_by_worker_1(first)

    set_now(thief, "2026-06-01 12:02:01+00")  # the lease (2 minutes) expired in the thief's session
    stolen = claim(thief, "worker-2")
    assert stolen is not None
    assert stolen.conversation_id == turn.conversation_id
    assert stolen.lease_token > turn.lease_token
    assert attempts(stolen) == [2], "the lost turn counted as an attempt"

    # The first worker still believes it is 12:00: its token is refused anyway.
    for finish in (
        lambda: complete(first, turn, reply="late answer"),
        lambda: fail(first, turn),
        lambda: heartbeat(first, turn),
    ):
        with pytest.raises(psycopg.Error) as caught:
            finish()
        assert caught.value.sqlstate == "WH010"

    assert complete(thief, stolen, reply="answer") is not None
    replies = first.execute(
        "select body -> 'text' ->> 'body' from wahook_private.outbound_messages"
    ).fetchall()
    assert replies == [("answer",)], "the customer is answered once, by the holder of the lease"


def test_a_paused_conversations_worker_cannot_finish(sessions: tuple[Conn, Conn]) -> None:
    worker, human = sessions
    turn = claimed_by_worker_1(worker)
    human.execute("select wahook.pause_conversation(%s, 'a human answers', 'ops')", (turn.conversation_id,))

    with pytest.raises(psycopg.Error) as caught:
        complete(worker, turn)
    assert caught.value.sqlstate == "WH010"
    assert claim(worker, "worker-1") is None, "a paused conversation is not claimed"

    human.execute("select wahook.resume_conversation(%s)", (turn.conversation_id,))
    again = claim(worker, "worker-1")
    assert again is not None
    assert wamids(again) == ["wamid.1"]
    assert attempts(again) == [1], "the abandoned turn did not count as an attempt"


def test_heartbeats_keep_a_long_turn_from_being_taken(sessions: tuple[Conn, Conn]) -> None:
    worker, other = sessions
    set_now(worker, T0)
    turn = claimed_by_worker_1(worker)
    for minute in (1, 2, 3):
        set_now(worker, f"2026-06-01 12:0{minute}:30+00")
        heartbeat(worker, turn)
        set_now(other, f"2026-06-01 12:0{minute + 1}:00+00")
        assert claim(other, "worker-2") is None
    set_now(worker, "2026-06-01 12:04:00+00")
    assert complete(worker, turn) is not None

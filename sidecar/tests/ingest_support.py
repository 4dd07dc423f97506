"""Helpers of the ingest tests: wahook.process_message called the way the sidecar calls it, typed
rows; jobs run at once, each on its own connection (run_together; deliver_together for webhook
bodies); and webhook bodies with wamids made unique (many fixtures share `wamid.xyzxyz` or
`wamid.ID`)."""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import psycopg
from psycopg.rows import class_row

from wahook.db.ingest import PROCESS_MESSAGE, IngestRow

T = TypeVar("T")
Job = Callable[[psycopg.Connection[Any]], T]

# settings.agent_message_types by default (db/schema/0003_settings.sql).
AGENT_MESSAGE_TYPES = frozenset(
    {
        "text",
        "image",
        "audio",
        "video",
        "document",
        "sticker",
        "location",
        "contacts",
        "interactive",
        "button",
        "order",
    }
)


def process_message(
    conn: psycopg.Connection[Any], body: dict[str, Any] | str, correlation_id: str | None = None
) -> list[IngestRow]:
    text = body if isinstance(body, str) else json.dumps(body)
    with conn.cursor(row_factory=class_row(IngestRow)) as cur:
        cur.execute(PROCESS_MESSAGE, {"body": text, "correlation_id": correlation_id})
        return cur.fetchall()


def run_together(database_url: str, jobs: Sequence[Job[T]], timeout: float = 120.0) -> list[T]:
    """Runs each job on its own connection, all released at once by a barrier; what each returned,
    in the order of `jobs`. Fails the test when a job raised or was still running after `timeout`."""
    results: dict[int, T] = {}
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(len(jobs))

    def run(index: int, job: Job[T]) -> None:
        try:
            with psycopg.connect(database_url, autocommit=True) as conn:
                start.wait()
                result = job(conn)
            with lock:
                results[index] = result
        except BaseException as exc:
            with lock:
                errors.append(exc)

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "a job hung"
    assert errors == []
    return [results[i] for i in range(len(jobs))]


def delivery_of(body: dict[str, Any]) -> Job[list[IngestRow]]:
    """A job for run_together: `body` delivered through process_message."""
    return lambda conn: process_message(conn, body)


def deliver_together(database_url: str, bodies: Sequence[dict[str, Any]]) -> list[IngestRow]:
    """Every body delivered at once, each on its own connection; all the rows they returned."""
    return [
        row for rows in run_together(database_url, [delivery_of(body) for body in bodies]) for row in rows
    ]


def with_unique_wamids(body: dict[str, Any], prefix: str) -> dict[str, Any]:
    """A copy of `body` whose message and status ids are `<prefix>.<n>`, n counting from 1."""
    copied = copy.deepcopy(body)
    n = 0
    for entry in copied.get("entry", []):
        for change in entry.get("changes", []):
            value = change.get("value")
            if change.get("field") != "messages" or not isinstance(value, dict):
                continue
            for key in ("messages", "statuses"):
                for item in value.get(key) or []:
                    n += 1
                    item["id"] = f"{prefix}.{n}"
    return copied


def expected_outcomes(body: dict[str, Any]) -> list[tuple[str, str]]:
    """(kind, outcome) of each item of a first delivery of `body`, in body order, as the contract
    says: agent-bound messages accepted, other messages ignored, statuses of unknown wamids
    unmatched, value.errors and changes other than messages ignored."""
    expected: list[tuple[str, str]] = []
    for entry in body["entry"]:
        for change in entry["changes"]:
            value = change.get("value")
            if change["field"] != "messages":
                expected.append(("event", "ignored"))
                continue
            assert isinstance(value, dict)
            items: list[tuple[str, str]] = []
            for message in value.get("messages") or []:
                outcome = "accepted" if message["type"] in AGENT_MESSAGE_TYPES else "ignored"
                items.append(("message", outcome))
            items += [("status", "unmatched") for _ in value.get("statuses") or []]
            items += [("error", "ignored") for _ in value.get("errors") or []]
            expected += items or [("event", "ignored")]
    return expected

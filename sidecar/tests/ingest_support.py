"""Helpers of the ingest tests: wahook.process_message called the way the sidecar calls it, typed
rows, and webhook bodies with wamids made unique (many fixtures share `wamid.xyzxyz` or `wamid.ID`)."""

from __future__ import annotations

import copy
import json
from typing import Any

import psycopg
from psycopg.rows import class_row

from wahook.db.ingest import PROCESS_MESSAGE, IngestRow

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

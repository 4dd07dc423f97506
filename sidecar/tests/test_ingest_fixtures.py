"""Every real webhook body of the fixtures (sidecar/tests/fixtures/whatsapp) goes through
wahook.process_message: one row per item with the outcome the contract gives, and a redelivery of
the same body is answered duplicate item by item."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import psycopg

from tests.ingest_support import expected_outcomes, process_message, with_unique_wamids


def webhook_files(fixtures_dir: Path) -> list[Path]:
    return sorted(p for p in fixtures_dir.rglob("*.json") if "api_responses" not in p.parts)


def test_the_fixture_set_is_there(fixtures_dir: Path) -> None:
    assert len(webhook_files(fixtures_dir)) >= 100


def test_every_fixture_body_is_ingested_with_its_expected_outcomes(
    conn: psycopg.Connection[Any], fixtures_dir: Path
) -> None:
    mismatches: list[str] = []
    for n, path in enumerate(webhook_files(fixtures_dir)):
        name = path.relative_to(fixtures_dir).as_posix()
        body = with_unique_wamids(json.loads(path.read_text()), f"wamid.fixture{n}")
        expected = expected_outcomes(body)
        try:
            rows = process_message(conn, body, f"fixture-{n}")
        except psycopg.Error as exc:
            mismatches.append(f"{name}: {exc.sqlstate} {exc}")
            continue
        got = [(row.kind, row.outcome) for row in rows]
        if got != expected:
            mismatches.append(f"{name}: got {got}, expected {expected}")
        if any((row.kind in ("message", "status")) != (row.conversation_id is not None) for row in rows):
            mismatches.append(f"{name}: messages and statuses name their conversation, nothing else does")

        again = process_message(conn, body, f"fixture-{n}-again")
        redelivered = [(row.kind, row.outcome) for row in again]
        deduplicated = [
            (kind, "duplicate" if kind in ("message", "status") else outcome) for kind, outcome in expected
        ]
        if redelivered != deduplicated:
            mismatches.append(f"{name}: redelivered got {redelivered}, expected {deduplicated}")
    assert mismatches == []


def test_every_fixture_body_is_kept_raw_with_its_item_count(
    conn: psycopg.Connection[Any], fixtures_dir: Path
) -> None:
    files = webhook_files(fixtures_dir)
    total = 0
    for n, path in enumerate(files):
        body = with_unique_wamids(json.loads(path.read_text()), f"wamid.raw{n}")
        total += len(process_message(conn, body, f"raw-{n}"))
    row = conn.execute("select count(*), sum(item_count) from wahook_private.webhook_events").fetchone()
    assert row is not None
    assert (row[0], row[1]) == (len(files), total)

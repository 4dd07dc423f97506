"""Every real webhook body of the fixtures (sidecar/tests/fixtures/whatsapp), and a redelivery of
each, ingested two ways into two databases cloned from the same template: wahook.process_message
body after body, and the inbox (wahook.receive_webhooks in groups, then wahook.ingest_inbox in
batches). Both databases must end with the same rows (tests.ingest_snapshot), both clocks pinned."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.conftest import pushed_database
from tests.ingest_support import process_message, with_unique_wamids
from tests.test_ingest_fixtures import accepted_webhook_files

NOW = "2026-06-01 12:00:00+00"


@pytest.fixture
def second_database_url(admin_url: str, template_db: str) -> Iterator[str]:
    with pushed_database(admin_url, template_db) as url:
        yield url


def fixture_bodies(fixtures_dir: Path) -> list[tuple[str, dict[str, Any]]]:
    """(correlation id, body) of every fixture with unique wamids, then every one again."""
    bodies = [
        (f"fixture-{n}", with_unique_wamids(json.loads(path.read_text()), f"wamid.fixture{n}"))
        for n, path in enumerate(accepted_webhook_files(fixtures_dir))
    ]
    return bodies + [(f"{cid}-again", body) for cid, body in bodies]


def snapshot(conn: psycopg.Connection[Any]) -> dict[str, Any]:
    row = conn.execute("select tests.ingest_snapshot()").fetchone()
    assert row is not None
    result: dict[str, Any] = row[0]
    return result


def test_the_inbox_ingests_the_fixtures_exactly_as_process_message_does(
    database_url: str, second_database_url: str, fixtures_dir: Path
) -> None:
    bodies = fixture_bodies(fixtures_dir)
    with psycopg.connect(database_url, autocommit=True) as one_by_one:
        one_by_one.execute("select set_config('wahook.now', %s, false)", (NOW,))
        for cid, body in bodies:
            process_message(one_by_one, body, cid)
        expected = snapshot(one_by_one)

    with psycopg.connect(second_database_url, autocommit=True) as batched:
        batched.execute("select set_config('wahook.now', %s, false)", (NOW,))
        for start in range(0, len(bodies), 40):
            group = bodies[start : start + 40]
            refused = batched.execute(
                "select count(*) from wahook.receive_webhooks(%s::bytea[], %s::text[])"
                " where error_sqlstate is not null",
                ([json.dumps(body).encode() for _, body in group], [cid for cid, _ in group]),
            ).fetchone()
            assert refused == (0,)
        calls = 0
        while True:
            row = batched.execute("select body_count, failed_count from wahook.ingest_inbox(75)").fetchone()
            assert row is not None and row[1] == 0
            if row[0] == 0:
                break
            calls += 1
        assert calls > 1, "several batches, so that duplicates meet stored rows as well as their own batch"
        got = snapshot(batched)

    assert len(expected["messages"]) > 50 and len(expected["outbound_status_events"]) > 10
    for table in expected:
        assert got[table] == expected[table], table

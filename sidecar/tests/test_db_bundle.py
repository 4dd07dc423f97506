from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from tests.bundle_support import apply_bundle
from tests.catalog_support import snapshot
from wahook.db import migrations


def test_bundle_is_one_supabase_migration_named_by_utc_timestamp(tmp_path: Path) -> None:
    target = migrations.bundle(migrations.db_dir(), tmp_path, now=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    assert target == tmp_path / "20260102030405_wahook.sql"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]
    assert re.fullmatch(r"\d{14}_wahook\.sql", migrations.bundle(migrations.db_dir(), tmp_path).name)


def test_bundle_applied_to_an_empty_database_equals_a_pushed_one(
    tmp_path: Path, empty_database_url: str, database_url: str
) -> None:
    target = migrations.bundle(migrations.db_dir(), tmp_path)
    # As `supabase db push` does: the whole file in one transaction, stopping at the first error.
    apply_bundle(empty_database_url, target)
    bundled = snapshot(empty_database_url)
    pushed = snapshot(database_url)
    assert bundled.keys() == pushed.keys()
    for part in pushed:
        assert bundled[part] == pushed[part], f"catalog differs in {part}"
    assert len(pushed["relations"]) > 10


def test_push_after_bundle_applies_nothing_new(tmp_path: Path, empty_database_url: str) -> None:
    target = migrations.bundle(migrations.db_dir(), tmp_path)
    with psycopg.connect(empty_database_url, autocommit=True) as conn:
        conn.add_notice_handler(lambda _notice: None)
        conn.execute(target.read_bytes())
        result = migrations.push(conn, migrations.db_dir(), say=lambda _line: None)
    assert result.applied == []

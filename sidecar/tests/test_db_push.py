from __future__ import annotations

import shutil
import threading
from pathlib import Path

import psycopg
import pytest

from wahook.db import migrations

SCHEMA_FILES = sorted(p.name for p in (migrations.db_dir() / "schema").glob("*.sql"))


def push(url: str, root: Path | None = None) -> migrations.PushResult:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.add_notice_handler(lambda _notice: None)
        return migrations.push(conn, root or migrations.db_dir(), say=lambda _line: None)


def recorded(url: str) -> list[tuple[str, str]]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "select name, checksum from wahook_private.schema_migrations order by name"
        ).fetchall()
    return [(str(name), str(checksum)) for name, checksum in rows]


def copy_db_dir(tmp_path: Path) -> Path:
    root = tmp_path / "db"
    shutil.copytree(migrations.db_dir(), root)
    return root


def test_fresh_install_applies_every_schema_file_in_order(empty_database_url: str) -> None:
    result = push(empty_database_url)
    assert result.applied == SCHEMA_FILES
    assert [name for name, _ in recorded(empty_database_url)] == SCHEMA_FILES
    assert result.functions, "function files are applied"
    with psycopg.connect(empty_database_url) as conn:
        row = conn.execute("select to_regclass('wahook_private.webhook_conversations')").fetchone()
    assert row is not None and row[0] is not None


def test_second_push_applies_no_schema_file_but_reapplies_functions(empty_database_url: str) -> None:
    push(empty_database_url)
    before = recorded(empty_database_url)
    again = push(empty_database_url)
    assert again.applied == []
    assert again.functions == push(empty_database_url).functions != []
    assert recorded(empty_database_url) == before


def functions_of(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "select p.oid::regprocedure::text from pg_catalog.pg_proc as p"
            " where p.pronamespace in ('wahook'::regnamespace, 'wahook_private'::regnamespace)"
            " order by 1"
        ).fetchall()
    return [str(name) for (name,) in rows]


def test_a_push_removes_what_earlier_versions_left_that_create_or_replace_cannot(
    empty_database_url: str,
) -> None:
    push(empty_database_url)
    pushed = functions_of(empty_database_url)
    retired = (migrations.db_dir() / "functions" / "_retired.sql").read_text()
    signatures = [
        line.removeprefix("drop function if exists ").rstrip(";")
        for line in retired.splitlines()
        if line.startswith("drop function if exists ")
    ]
    # As an earlier version left them: those still live are recreated by the push itself.
    with psycopg.connect(empty_database_url) as conn:
        live = conn.execute(
            "select s from unnest(%s::text[]) as s where to_regprocedure(s) is not null", [signatures]
        ).fetchall()
    left = [sig for sig in signatures if (sig,) not in live]
    assert left, "_retired.sql names functions this version no longer has"
    with psycopg.connect(empty_database_url, autocommit=True) as conn:
        for signature in left:
            conn.execute(f"create function {signature} returns void language sql as ''")
    assert len(functions_of(empty_database_url)) == len(pushed) + len(left)
    push(empty_database_url)
    assert functions_of(empty_database_url) == pushed


def test_changed_applied_file_is_an_error_naming_it_and_nothing_is_applied(
    empty_database_url: str, tmp_path: Path
) -> None:
    push(empty_database_url)
    root = copy_db_dir(tmp_path)
    edited = root / "schema" / SCHEMA_FILES[2]
    edited.write_text(edited.read_text() + "\n-- edited after release\n")
    (root / "schema" / "9999_new_table.sql").write_text(
        "create table wahook_private.should_not_exist (id int);\n"
    )
    with pytest.raises(migrations.DriftError, match=SCHEMA_FILES[2]):
        push(empty_database_url, root)
    with psycopg.connect(empty_database_url) as conn:
        row = conn.execute("select to_regclass('wahook_private.should_not_exist')").fetchone()
    assert row is not None and row[0] is None
    assert "9999_new_table.sql" not in dict(recorded(empty_database_url))


def test_a_failing_file_rolls_back_the_whole_push(empty_database_url: str, tmp_path: Path) -> None:
    root = copy_db_dir(tmp_path)
    (root / "schema" / "9999_broken.sql").write_text("create table broken (;\n")
    with pytest.raises(migrations.PushError, match=r"9999_broken\.sql"):
        push(empty_database_url, root)
    with psycopg.connect(empty_database_url) as conn:
        row = conn.execute("select to_regnamespace('wahook')").fetchone()
    assert row is not None and row[0] is None


def test_new_schema_file_is_applied_once_on_an_existing_database(
    empty_database_url: str, tmp_path: Path
) -> None:
    push(empty_database_url)
    root = copy_db_dir(tmp_path)
    (root / "schema" / "9999_new_table.sql").write_text("create table wahook_private.added_later (id int);\n")
    assert push(empty_database_url, root).applied == ["9999_new_table.sql"]
    assert push(empty_database_url, root).applied == []


def test_two_concurrent_pushes_serialise(empty_database_url: str) -> None:
    results: list[migrations.PushResult] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def run() -> None:
        try:
            start.wait()
            results.append(push(empty_database_url))
        except BaseException as exc:  # reported below, with the test's own message
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(len(r.applied) for r in results) == [0, len(SCHEMA_FILES)]
    assert [name for name, _ in recorded(empty_database_url)] == SCHEMA_FILES


def test_push_without_pg_cron_skips_maintenance_jobs_with_a_notice(empty_database_url: str) -> None:
    # Test databases other than the cluster's cron.database_name cannot host pg_cron.
    notices: list[str] = []
    with psycopg.connect(empty_database_url, autocommit=True) as conn:
        conn.add_notice_handler(lambda diag: notices.append(str(diag.message_primary)))
        result = migrations.push(conn, migrations.db_dir(), say=lambda _line: None)
    assert "pg_cron is not available" in result.maintenance
    assert any("maintenance jobs not scheduled" in n for n in notices)

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from wahook.cli import main
from wahook.db import sql_docs


def generate(url: str) -> str:
    with psycopg.connect(url, autocommit=True) as conn:
        return sql_docs.generate(conn)


def test_committed_sql_api_docs_match_the_catalog(database_url: str) -> None:
    committed = sql_docs.default_out()
    assert committed.is_file(), f"{committed} is missing: {sql_docs.REGENERATE}"
    assert committed.read_text(encoding="utf-8") == generate(database_url), (
        f"{committed} is stale: {sql_docs.REGENERATE}"
    )


def test_docs_are_deterministic(database_url: str) -> None:
    assert generate(database_url) == generate(database_url)


def test_docs_show_functions_views_error_codes_and_settings(database_url: str) -> None:
    text = generate(database_url)
    assert "### wahook.update_settings(p_changes jsonb)" in text
    assert "returns jsonb" in text
    assert "### wahook.settings" in text
    assert "| `WH020` | `invalid_setting` |" in text
    assert "| `dedupe_retention_days` | `integer` | `30` | Days a processed wamid" in text
    assert "_Undocumented" not in text, "every function and view of schema wahook has a COMMENT"


def test_check_fails_on_a_stale_file_and_passes_once_regenerated(admin_url: str, tmp_path: Path) -> None:
    out = tmp_path / "sql-api.md"
    out.write_text("# old\n", encoding="utf-8")
    args = ["docs", "sql-api", "--database-url", admin_url, "--out", str(out)]

    assert main([*args, "--check"]) == 1
    assert out.read_text(encoding="utf-8") == "# old\n", "--check writes nothing"

    assert main(args) == 0
    assert main([*args, "--check"]) == 0


def test_check_message_says_how_to_regenerate(
    admin_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "missing.md"
    assert main(["docs", "sql-api", "--database-url", admin_url, "--out", str(out), "--check"]) == 1
    assert "run `wahook docs sql-api` to regenerate" in capsys.readouterr().err

"""`wahook health` as a monitor runs it: the real command in a subprocess, its table and its exit
code (0 ok, 1 warn, 2 critical; 2 as well when the database cannot be reached)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg

from tests.server_support import free_port

WAHOOK = Path(sys.executable).parent / "wahook"

CHECKS = (
    "stuck_conversations",
    "expired_leases",
    "oldest_pending_message_seconds",
    "dlq_pending",
    "dead_messages_last_24h",
    "agent_errors_last_hour",
    "p95_processing_ms_last_hour",
    "outbox_failures_last_hour",
    "ingest_lag",
    "ingest_failed",
    "cron_job_failures_last_hour",
    "cron_jobs_late",
)


def health(database_url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(WAHOOK), "health", "--database-url", database_url],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def rows(output: str) -> dict[str, list[str]]:
    """check name -> the other cells of its line, split on runs of spaces."""
    table: dict[str, list[str]] = {}
    for line in output.splitlines():
        cells = line.split()
        if cells and cells[0] in CHECKS:
            table[cells[0]] = cells[1:]
    return table


def test_an_idle_system_prints_every_check_ok_and_exits_0(database_url: str) -> None:
    result = health(database_url)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:4] == ["check", "status", "value", "threshold"]
    table = rows(result.stdout)
    assert list(table) == list(CHECKS), "every check, in the function's order"
    assert all(cells[0] == "ok" for cells in table.values())
    assert lines[-1] == "overall: ok"


def test_a_warning_exits_1(database_url: str, conn: psycopg.Connection[Any]) -> None:
    # One lease expired a minute ago: a warning (any is), not yet stuck.
    conn.execute("select tests.health_conversation('c1', 'processing', null, now() - interval '1 minute')")
    result = health(database_url)
    assert result.returncode == 1, result.stdout + result.stderr
    table = rows(result.stdout)
    assert table["expired_leases"][:3] == ["warn", "1", "3"]
    assert table["stuck_conversations"][0] == "ok"
    assert result.stdout.splitlines()[-1] == "overall: warn"


def test_a_critical_check_exits_2(database_url: str, conn: psycopg.Connection[Any]) -> None:
    for n in range(6):
        conn.execute(
            "select tests.health_conversation(%s, 'pending', now() - interval '20 minutes')", (f"s{n}",)
        )
    result = health(database_url)
    assert result.returncode == 2, result.stdout + result.stderr
    table = rows(result.stdout)
    assert table["stuck_conversations"][:3] == ["critical", "6", "5"]
    assert result.stdout.splitlines()[-1] == "overall: critical"


def test_an_unreachable_database_exits_2_and_says_so() -> None:
    result = health(f"postgresql://nobody@127.0.0.1:{free_port()}/nothing?connect_timeout=2")
    assert result.returncode == 2
    assert "cannot reach the database" in result.stderr

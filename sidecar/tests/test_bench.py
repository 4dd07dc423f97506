"""The benchmarks run (at toy sizes): a suite that rots is found here, not on the day someone needs
numbers. Their figures are not checked: speed belongs to bench/, not to tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.host_tools import POSTGRES_BIN, require
from tests.paths import REPO
from tests.postgres_container import container_mode

BENCH = REPO / "bench"


def run(*command: str) -> str:
    result = subprocess.run(list(command), cwd=REPO, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def test_the_suite_measures_everything_and_writes_the_tables(admin_url: str, tmp_path: Path) -> None:
    if container_mode():
        pytest.skip(
            "the benchmark suite reads the server's CPU time from /proc: it needs a server on this machine"
        )
    require(f"{POSTGRES_BIN}/pgbench", "the benchmark suite's physical anchor")
    require("wrk", "the benchmark suite's HTTP load")
    out_file = tmp_path / "benchmarks.md"
    before = (REPO / "docs/benchmarks.md").read_text(encoding="utf-8")
    out_file.write_text(before, encoding="utf-8")

    out = run(str(BENCH / "run"), "--quick", "--server-url", admin_url, "--out", str(out_file))

    written = out_file.read_text(encoding="utf-8")
    generated = written.split("<!-- bench:begin")[1].split("<!-- bench:end -->")[0]
    assert generated.split("-->", 1)[1].strip() in out, "the file holds the tables the run printed"
    assert written.split("<!-- bench:begin")[0] == before.split("<!-- bench:begin")[0], "the prose is kept"
    assert "Not measured" not in generated
    for row in (
        "| pgbench, 16 clients, 1 insert/transaction |",
        "| naive app, 1 process |",
        "| naive app, 2 processes |",
        "| wahook serve, 1 process |",
        "| wahook endpoint only, 2 processes (ingester, no workers) |",
        "| wahook 2 endpoint + 1 worker processes |",
        "| Procrastinate, lock per conversation |",
        "| Procrastinate, no lock |",
        "| 1,000 messages |",
        "| 10,000 messages |",
        "| Graph stand-in (whole run) |",
        "naive app, 1 process: naive app |",
        "wahook serve, 1 process: wahook serve |",
        "Procrastinate, no lock: procrastinate worker |",
    ):
        assert row in generated, row
    for target in (
        "ingest >= 3x naive",
        "p99 ack <= 50 ms",
        "end to end >= 1,000",
        "within 1.2x",
        "RSS <= 200",
    ):
        assert target in generated, target
    # Every end-to-end row got all its replies: the figures are of complete runs.
    replied = [line.split(" | ")[1] for line in generated.splitlines() if " of 50 |" in line]
    assert len(replied) >= 3 and set(replied) == {"50 of 50"}, replied


def test_the_health_benchmark_seeds_and_times_every_query(admin_url: str) -> None:
    out = run(
        sys.executable,
        str(BENCH / "health_queries.py"),
        "--server-url",
        admin_url,
        "--messages",
        "2000",
        "--runs",
        "1",
    )
    assert "seeded 2000 messages" in out
    for name in ("check_webhook_system_health()", "webhook_throughput", "get_webhook_performance_stats(24)"):
        assert name in out

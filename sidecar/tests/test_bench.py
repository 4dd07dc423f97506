"""The benchmarks run (at toy sizes): a load generator that rots is found here, not on the day
someone needs numbers. Their figures are not checked: speed belongs to bench/, not to tests."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from tests.conftest import REPO
from tests.fake_graph import running_fake_graph
from tests.pipeline_support import SECRET, allow_fast_turns, running_pipeline

BENCH = REPO / "bench"


def run_bench(script: str, *args: str, **env: str) -> str:
    result = subprocess.run(
        [sys.executable, str(BENCH / script), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_load_generator_reports_acks_and_end_to_end_times(conn: Any, database_url: str) -> None:
    allow_fast_turns(conn)
    with running_fake_graph() as (_, graph_url), running_pipeline(database_url, graph_url) as url:
        out = run_bench(
            "webhook_load.py",
            *("--url", url, "--database-url", database_url),
            *("--conversations", "5", "--messages", "3", "--concurrency", "4"),
            WA_APP_SECRET=SECRET,
        )
    assert "webhooks: 15 in" in out
    assert "non-200: 0" in out
    assert "receipt to reply sent ms: p50" in out and "(n=15)" in out, out


def test_the_health_benchmark_seeds_and_times_every_query(admin_url: str) -> None:
    out = run_bench("health_queries.py", "--server-url", admin_url, "--messages", "2000", "--runs", "1")
    assert "seeded 2000 messages" in out
    for name in ("check_webhook_system_health()", "webhook_throughput", "get_webhook_performance_stats(24)"):
        assert name in out

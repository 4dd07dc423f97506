"""The chaos run at a small size (bench/chaos.py): real `wahook serve` and `wahook worker` processes,
a flaky agent, one worker SIGKILLed and Postgres crashed with `pg_ctl -m immediate`, on a cluster of
its own (scripts/pg bench-chaostest, port WAHOOK_CHAOS_TEST_PG_PORT, default 54389), which the run
crashes and stops. Nothing lost, doubled or reordered, and no 500."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.host_tools import POSTGRES_BIN, require
from tests.paths import REPO

CLUSTER = "bench-chaostest"


def verdict_rows(out: str) -> dict[str, str]:
    rows = {}
    for line in out.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| ") and len(cells) == 4:
            rows[cells[0]] = cells[1]
    return rows


def test_a_small_chaos_run_loses_doubles_and_reorders_nothing() -> None:
    require(f"{POSTGRES_BIN}/pg_ctl", "the chaos run, which crashes a cluster of its own,")
    env = {**os.environ, "WAHOOK_CHAOS_PG_PORT": os.environ.get("WAHOOK_CHAOS_TEST_PG_PORT", "54389")}
    command = [sys.executable, "bench/chaos.py", "--messages", "240", "--conversations", "24"]
    command += ["--seconds", "20", "--kill-every", "0", "--no-serve-kill", "--cluster", CLUSTER, "--no-write"]
    try:
        result = subprocess.run(
            command, cwd=REPO, env=env, capture_output=True, text=True, timeout=240, check=False
        )
    finally:
        # The run stops its cluster itself; this covers a run that was cut short.
        subprocess.run([str(REPO / "scripts/pg"), "stop", CLUSTER], env=env, capture_output=True, check=False)
    out = result.stdout
    assert result.returncode == 0, out[-4000:] + result.stderr[-4000:]

    rows = verdict_rows(out)
    assert rows["messages lost (never answered, not in the DLQ)"] == "0", out
    assert rows["messages answered twice"] == "0", out
    assert rows["messages answered out of order"] == "0", out
    assert rows["HTTP 500s seen by the load generator"] == "0", out
    assert rows["HTTP 500s seen by status webhooks"] == "0", out
    assert rows["settled before the timeout"] == "yes", out
    # Every message was answered or is dead in the DLQ, and the faults did happen.
    answered = int(rows["messages answered"].split()[0])
    assert answered + int(rows["DLQ (dead messages)"]) >= 240, out
    assert "wahook worker 1 SIGKILLed" in out, out
    assert "Postgres stopped with pg_ctl -m immediate" in out, out

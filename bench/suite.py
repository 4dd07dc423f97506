"""The benchmark suite, side by side in one run (absolute figures drift by a third between runs on a
shared 2-core machine; ratios against baselines measured in the same run do not): pgbench, a naive
app and wahook's endpoint under the same wrk load; end to end against Procrastinate; claim and
complete over a small and a large history; the memory of every process.

    bench/run              # full size, a few minutes; prints the tables and writes docs/benchmarks.md
    bench/run --quick      # every measurement, tiny
    bench/run --scale 0.3 --server-url postgresql://...  --processes 2 --no-write

Without --server-url it starts the `bench` cluster of scripts/pg (durability on: fsync and
synchronous_commit as in production; port WAHOOK_BENCH_PG_PORT, default 54371) and stops it after.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import subprocess
import sys
import tempfile
import time
import traceback
import uuid
from collections.abc import Callable
from pathlib import Path

from bench import cluster, end_to_end, history, ingest, report
from bench.procs import PYTHON, REPO, fleet, free_port, memory_mb
from bench.sizes import Sizes

PHASES = ["ingest", "end to end", "history"]


def machine(server: cluster.Server, sizes: Sizes, processes: int) -> list[str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    ram_kb = int(
        next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")).split()[1]
    )
    pg = server.describe()
    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    dirty = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "sidecar", "db"], capture_output=True, text=True
    )
    durable = pg["fsync"] == "on" and pg["synchronous_commit"] == "on"
    return [
        f"{os.cpu_count()} cores ({cpu}), {ram_kb / 1024 / 1024:.1f} GiB RAM, "
        f"{platform.system()} {platform.release()}",
        f"PostgreSQL {pg['server_version']}: fsync {pg['fsync']}, "
        f"synchronous_commit {pg['synchronous_commit']}, "
        f"full_page_writes {pg['full_page_writes']}, shared_buffers {pg['shared_buffers']}"
        + ("" if durable else " (**durability off**: not a fair physical anchor)"),
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, wahook {commit.stdout.strip()}"
        + (" with uncommitted changes in sidecar/ or db/" if dirty.stdout.strip() else "")
        + f", scale {sizes.scale:g}, up to {processes} endpoint processes, "
        f"worker concurrency {sizes.concurrency}",
        "load generator, servers and Postgres share the same cores (and, on a shared machine, other work)",
    ]


def phase(results: report.Results, name: str, work: Callable[[], None]) -> None:
    """One measurement failing (a build in the middle of a change, say) is reported, not fatal."""
    print(f"== {name}", flush=True)
    started = time.monotonic()
    try:
        work()
        print(f"== {name}: {time.monotonic() - started:.0f} s", flush=True)
    except Exception as exc:
        traceback.print_exc()
        results.failures.append(
            f"{name}: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=1.0, help="size of every measurement (1 = full)")
    parser.add_argument("--quick", action="store_true", help="tiny sizes (--scale 0.01)")
    parser.add_argument("--server-url", help="use this Postgres server (creates bench_* databases on it)")
    parser.add_argument(
        "--processes", type=int, default=2, help="endpoint processes of the multi-process layout"
    )
    parser.add_argument("--out", type=Path, default=REPO / "docs/benchmarks.md", help="where the tables go")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--only", choices=PHASES, action="append", help="run only this part (repeatable)")
    args = parser.parse_args()
    sizes = Sizes.of(0.01 if args.quick else args.scale)

    started_cluster = not args.server_url
    server = cluster.Server(args.server_url or cluster.start_cluster())
    work = Path(tempfile.mkdtemp(prefix="wahook-bench-"))
    run_id = uuid.uuid4().hex[:6]
    print(f"logs and bodies in {work}", flush=True)
    results = report.Results(machine=machine(server, sizes, args.processes))
    try:
        with fleet(work) as standin:
            graph_port = free_port()
            graph = standin.start(
                "graph stand-in",
                [PYTHON, str(REPO / "bench/graph_standin.py"), str(graph_port)],
                {},
                graph_port,
            )

            def run_ingest() -> None:
                results.ingest = ingest.run(server, work, sizes, graph_port, run_id, args.processes)
                results.memory.update(results.ingest.memory)

            def run_end_to_end() -> None:
                results.end_to_end, memory = end_to_end.run(
                    server, work, sizes, graph_port, run_id, args.processes
                )
                results.memory.update(memory)

            def run_history() -> None:
                results.history = history.run(
                    server, sizes.history_small, sizes.history_large, sizes.history_samples
                )

            chosen = args.only or PHASES
            for name, work_of in (
                ("ingest", run_ingest),
                ("end to end", run_end_to_end),
                ("history", run_history),
            ):
                if name in chosen:
                    phase(results, name, work_of)
            results.memory["Graph stand-in (whole run)"] = memory_mb(graph.popen.pid)[1]
    finally:
        if started_cluster:
            cluster.stop_cluster()
    text = report.markdown(results)
    print(text)
    if not args.no_write:
        report.write(args.out, text)
        print(f"wrote {args.out}")
    return 1 if results.failures else 0


if __name__ == "__main__":
    sys.exit(main())

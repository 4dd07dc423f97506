"""Ingest, side by side: pgbench's single-insert rate, the naive app, and wahook in each layout, all
HTTP targets driven by the same wrk script over the same signed bodies: at saturation (64
connections) and at a fixed offered rate (paced by delay())."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bench import anchor, bodies, layouts, wrk
from bench.cluster import Server
from bench.cpu import CpuWatch
from bench.procs import PYTHON, REPO, Fleet, MemoryWatch, fleet, free_port
from bench.sizes import Sizes


@dataclass(frozen=True)
class IngestRow:
    name: str
    saturated: wrk.WrkResult | None = None
    paced: wrk.WrkResult | None = None
    pgbench: anchor.PgbenchResult | None = None
    # CPU milliseconds per request at saturation: "server", "postgres", "load generator".
    cpu_ms: dict[str, float] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        if self.pgbench:
            return self.pgbench.tps
        return self.saturated.rate if self.saturated else 0.0


@dataclass
class IngestResults:
    rows: list[IngestRow] = field(default_factory=list)
    memory: dict[str, float] = field(default_factory=dict)
    body_bytes: int = 0
    anchor_bytes: int = 0


@dataclass(frozen=True)
class Files:
    saturation: Path
    paced: Path


def make_files(work: Path, sizes: Sizes, run: str) -> tuple[Files, int]:
    """Bodies for the longest saturation run we expect and exactly enough for the paced run; each
    wahook layout gets a fresh database, so the same bodies are new to each."""
    saturation, paced = work / "saturation.bodies", work / "paced.bodies"
    size = bodies.write(saturation, bodies.traffic(f"{run}s", sizes.saturation_bodies, 1000, statuses=True))
    bodies.write(paced, bodies.traffic(f"{run}p", sizes.paced_bodies, 1000, statuses=True))
    return Files(saturation, paced), size


def per_request(used: dict[str, float], requests: int) -> dict[str, float]:
    return {name: seconds * 1000 / max(1, requests) for name, seconds in used.items()}


def measure_http(
    name: str, port: int, files: Files, sizes: Sizes, running: Fleet, postgres: int, out: IngestResults
) -> None:
    url = f"http://127.0.0.1:{port}"
    groups = {"server": [p.popen.pid for p in running.procs], "postgres": [postgres]}
    with MemoryWatch(running.procs) as memory, CpuWatch(groups) as cpu:
        saturated = wrk.run(url, files.saturation, sizes.seconds, sizes.connections)
    out.memory.update({f"{name}: {label}": mb for label, mb in memory.peak.items()})
    paced = wrk.run(url, files.paced, sizes.paced_seconds, sizes.connections, rate=sizes.paced_rate)
    print(f"  {name}: saturated {saturated}\n  {name}: paced {paced}", flush=True)
    out.rows.append(IngestRow(name, saturated, paced, cpu_ms=per_request(cpu.used, saturated.requests)))


def run(
    server: Server, work: Path, sizes: Sizes, graph_port: int, run_id: str, processes: int
) -> IngestResults:
    out = IngestResults()
    files, out.body_bytes = make_files(work, sizes, run_id)
    sample = bodies.encode(next(bodies.traffic("anchor", 1, 1, statuses=False)))
    out.anchor_bytes = len(sample)

    postgres = server.postmaster_pid()
    anchor_url = server.fresh_database("bench_anchor")
    with CpuWatch({"postgres": [postgres]}) as cpu:
        result = anchor.run(anchor_url, sample, sizes.seconds, sizes.pgbench_clients, work)
    name = f"pgbench, {result.clients} clients, 1 insert/transaction"
    out.rows.append(IngestRow(name, pgbench=result, cpu_ms=per_request(cpu.used, result.transactions)))

    for count in sorted({1, processes}):
        naive_url = server.fresh_database(f"bench_naive_{count}")
        with fleet(work) as running:
            port = free_port()
            env = {"DATABASE_URL": naive_url, "WA_APP_SECRET": bodies.SECRET}
            command = [PYTHON, str(REPO / "bench/naive_app.py"), str(port), str(count)]
            running.start("naive app", command, env, port)
            label = "naive app, 1 process" if count == 1 else f"naive app, {count} processes"
            measure_http(label, port, files, sizes, running, postgres, out)

    for layout in layouts.ingest_layouts(processes):
        database_url = server.fresh_database(f"bench_ingest_{layout.name}")
        layouts.prepare(database_url)
        with fleet(work) as running:
            port = layouts.start(
                running, layout, database_url, layouts.graph_url(graph_port), sizes.concurrency
            )
            measure_http(layout.label, port, files, sizes, running, postgres, out)
    return out

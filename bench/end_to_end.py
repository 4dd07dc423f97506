"""End to end: message webhooks for many conversations, sent once each by wrk, until the Graph
stand-in has received the echo reply of every one. Measured for wahook's layouts and for the
Procrastinate peer (one task per message, with and without its per-conversation lock)."""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import httpx
import psycopg

from bench import bodies, layouts, wrk
from bench.cluster import Server
from bench.cpu import CpuWatch
from bench.procs import PYTHON, REPO, Fleet, MemoryWatch, fleet, free_port
from bench.sizes import Sizes

TOKEN = re.compile(r"\(order ([0-9a-z]+-\d+)\)")
WAHOOK_RECEIPTS = """
select wamid, extract(epoch from received_at)::float8
from wahook_private.processed_webhook_messages where wamid like 'wamid.bench.%'
"""
# A job is deferred by the endpoint as the webhook arrives: its `deferred` event is the receipt.
PROCRASTINATE_RECEIPTS = """
select j.args ->> 'text', extract(epoch from e.at)::float8
from procrastinate_jobs as j join procrastinate_events as e on e.job_id = j.id and e.type = 'deferred'
"""


@dataclass(frozen=True)
class EndToEnd:
    name: str
    messages: int
    replied: int  # messages whose reply reached the stand-in in time
    seconds: float  # first webhook sent to last reply received
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int  # webhooks not answered 2xx
    # CPU milliseconds per message, first webhook to last reply: "server", "postgres".
    cpu_ms: dict[str, float]

    @property
    def rate(self) -> float:
        return self.replied / self.seconds if self.seconds else 0.0


def token_of_wamid(wamid: str) -> str:
    _, _, run, n = wamid.split(".")
    return f"{run}-{n}"


def wahook_receipts(database_url: str) -> dict[str, float]:
    with psycopg.connect(database_url) as conn:
        return {token_of_wamid(w): at for w, at in conn.execute(WAHOOK_RECEIPTS).fetchall()}


def procrastinate_receipts(database_url: str) -> dict[str, float]:
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(PROCRASTINATE_RECEIPTS).fetchall()
    return {m.group(1): at for text, at in rows if (m := TOKEN.search(text))}


def take_replies(graph_port: int) -> list[tuple[float, str]]:
    """The replies the stand-in received since the last call, as (when, text)."""
    return [
        (at, text)
        for at, text in httpx.get(f"http://127.0.0.1:{graph_port}/bench/replies", timeout=30).json()
    ]


def collect_replies(graph_port: int, expected: set[str], timeout: float) -> dict[str, float]:
    """Token -> when its reply reached the stand-in, for the expected tokens; waits until all of
    them came or the timeout passed."""
    seen: dict[str, float] = {}
    deadline = time.monotonic() + timeout
    while len(seen) < len(expected) and time.monotonic() < deadline:
        time.sleep(0.25)
        for at, text in take_replies(graph_port):
            for token in TOKEN.findall(text):
                if token in expected:
                    seen.setdefault(token, at)
    return seen


def measure(
    name: str,
    port: int,
    body_file: Path,
    expected: set[str],
    sizes: Sizes,
    graph_port: int,
    running: Fleet,
    receipts: Callable[[], dict[str, float]],
    memory: dict[str, float],
    postgres: int,
) -> EndToEnd:
    take_replies(graph_port)  # forget replies of earlier runs
    timeout = 30 + sizes.messages / 25
    groups = {"server": [p.popen.pid for p in running.procs], "postgres": [postgres]}
    with MemoryWatch(running.procs) as watch, CpuWatch(groups) as cpu:
        started = time.time()
        sent = wrk.run(f"http://127.0.0.1:{port}", body_file, timeout, sizes.connections, once=True)
        replies = collect_replies(graph_port, expected, timeout)
    memory.update({f"end to end, {name}: {label}": mb for label, mb in watch.peak.items()})
    received = receipts()
    latencies = sorted((replies[t] - received[t]) * 1000 for t in replies if t in received)
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return EndToEnd(
        name=name,
        messages=sizes.messages,
        replied=len(replies),
        seconds=max(replies.values(), default=started) - started,
        p50_ms=q[49],
        p95_ms=q[94],
        p99_ms=q[98],
        errors=sent.errors + sent.socket_errors,
        cpu_ms={k: v * 1000 / sizes.messages for k, v in cpu.used.items() if k != "load generator"},
    )


def run(
    server: Server, work: Path, sizes: Sizes, graph_port: int, run_id: str, processes: int
) -> tuple[list[EndToEnd], dict[str, float]]:
    body_file = work / "end_to_end.bodies"
    bodies.write(body_file, bodies.traffic(f"{run_id}e", sizes.messages, sizes.conversations, statuses=False))
    expected = {f"{run_id}e-{n}" for n in range(sizes.messages)}
    rows: list[EndToEnd] = []
    postgres = server.postmaster_pid()
    memory: dict[str, float] = {}
    graph = layouts.graph_url(graph_port)
    for layout in layouts.layouts(processes):
        database_url = server.fresh_database(f"bench_e2e_{layout.name}")
        layouts.prepare(database_url)
        with fleet(work) as running:
            port = layouts.start(running, layout, database_url, graph, sizes.concurrency)
            rows.append(
                measure(
                    layout.label,
                    port,
                    body_file,
                    expected,
                    sizes,
                    graph_port,
                    running,
                    partial(wahook_receipts, database_url),
                    memory,
                    postgres,
                )
            )
    for lock in (True, False):
        name = f"Procrastinate, {'lock per conversation' if lock else 'no lock'}"
        database_url = server.fresh_database(f"bench_procrastinate_{'lock' if lock else 'nolock'}")
        script = str(REPO / "bench/procrastinate_app.py")
        env = {"DATABASE_URL": database_url, "WA_APP_SECRET": bodies.SECRET, "WA_GRAPH_API_URL": graph}
        env["BENCH_LOCK"] = "1" if lock else "0"
        with fleet(work) as running:
            running.start("procrastinate schema", [PYTHON, script, "schema"], env, None).popen.wait()
            running.start(
                "procrastinate worker", [PYTHON, script, "worker", str(sizes.concurrency)], env, None
            )
            port = free_port()
            running.start("procrastinate endpoint", [PYTHON, script, "serve", str(port)], env, port)
            rows.append(
                measure(
                    name,
                    port,
                    body_file,
                    expected,
                    sizes,
                    graph_port,
                    running,
                    partial(procrastinate_receipts, database_url),
                    memory,
                    postgres,
                )
            )
    return rows, memory

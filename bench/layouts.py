"""wahook as deployed: `wahook serve` alone (endpoint and background work in one process), or N
endpoint-only processes on one port (WAHOOK_PROCESSES, WAHOOK_BACKGROUND=0: the endpoint and its
ingester) with or without `wahook worker` processes (each on a port of its own for health and
metrics)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass

import psycopg
from psycopg.types.json import Jsonb

from bench import bodies
from bench.procs import REPO, WAHOOK, Fleet, free_port

# The bench posts faster than people type: lift the per-conversation turn limit for the run.
SETTINGS = {"agent_turns_per_minute": 100000}


@dataclass(frozen=True)
class Layout:
    name: str
    # 0: plain `wahook serve` (endpoint and background in one process).
    endpoint_processes: int = 0
    workers: int = 0

    @property
    def label(self) -> str:
        if not self.endpoint_processes:
            return "wahook serve, 1 process"
        if not self.workers:
            return f"wahook endpoint only, {self.endpoint_processes} processes (ingester, no workers)"
        return f"wahook {self.endpoint_processes} endpoint + {self.workers} worker processes"


def layouts(processes: int) -> list[Layout]:
    """The whole deployment: one process, and the multi-process layout."""
    return [Layout("one"), Layout("best", endpoint_processes=processes, workers=1)]


def ingest_layouts(processes: int) -> list[Layout]:
    """For ingest also the endpoint alone (what a naive app does: store, answer nothing)."""
    return [*layouts(processes), Layout("endpoint", endpoint_processes=processes)]


def prepare(database_url: str) -> None:
    """Pushes the schema (as the owner: wahook serve only checks it) and the bench settings."""
    subprocess.run(
        [WAHOOK, "db", "push", "--database-url", database_url], check=True, capture_output=True, cwd=REPO
    )
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("select wahook.update_settings(%s)", [Jsonb(SETTINGS)])


def start(fleet: Fleet, layout: Layout, database_url: str, graph_url: str, concurrency: int) -> int:
    """Starts the layout; returns the webhook port."""
    env = {
        "DATABASE_URL": database_url,
        "WA_APP_SECRET": bodies.SECRET,
        "WA_VERIFY_TOKEN": bodies.VERIFY_TOKEN,
        "WA_GRAPH_API_URL": graph_url,
        "WA_ACCESS_TOKEN": "bench-access-token",
        # Meta's ceiling per business number, per process; the traffic uses PHONE_NUMBERS numbers.
        "WA_SENDS_PER_SECOND": "1000",
        "WAHOOK_WORKER_CONCURRENCY": str(concurrency),
        "WAHOOK_HOST": "127.0.0.1",
    }
    port = free_port()
    if not layout.endpoint_processes:
        fleet.start("wahook serve", [WAHOOK, "serve"], {**env, "WAHOOK_PORT": str(port)}, port)
        return port
    for n in range(layout.workers):
        worker_port = free_port()
        fleet.start(
            f"wahook worker {n + 1}",
            [WAHOOK, "worker"],
            {**env, "WAHOOK_PORT": str(worker_port)},
            worker_port,
        )
    endpoint = {"WAHOOK_PORT": str(port), "WAHOOK_PROCESSES": str(layout.endpoint_processes)}
    fleet.start("wahook endpoint", [WAHOOK, "serve"], {**env, **endpoint, "WAHOOK_BACKGROUND": "0"}, port)
    return port


def graph_url(port: int) -> str:
    return f"http://127.0.0.1:{port}/v21.0"

"""What the chaos run runs and breaks: a cluster of its own (so it may crash it), the agent and
Graph API stand-ins, one `wahook serve` and two `wahook worker` processes.

The cluster is a `bench-*` one of scripts/pg: durability on (fsync, synchronous_commit), as in
production, so that a 200 the endpoint gave survives `pg_ctl -m immediate` (a `test-*` cluster
runs with synchronous_commit off and may lose acknowledged commits in a crash: a loss the
product could not prevent, and the run would report it).
"""

from __future__ import annotations

import os
import signal
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg.types.json import Jsonb

from bench import bodies, layouts
from bench.cluster import Server
from bench.procs import PYTHON, REPO, WAHOOK, Fleet, Proc, free_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")
DATABASE = "chaos"
# Retries, leases and settlements shortened so that they happen within the run; the turn limit
# lifted (bench.layouts.SETTINGS). Printed with the verdict.
SETTINGS = {
    **layouts.SETTINGS,
    "lease_seconds": 6,
    "retry_base_seconds": 1,
    "retry_max_delay_seconds": 4,
    "retry_jitter_ratio": 0.1,
    "retry_max_attempts": 10,
    "outbox_sending_timeout_seconds": 5,
    "outbound_unknown_settle_seconds": 60,
}
AGENT_TIMEOUT_SECONDS = 2
# The agent's hangs outlast the sidecar's agent timeout.
AGENT_HANG_SECONDS = 4.0


@dataclass
class Cluster:
    """A scripts/pg cluster the run owns: started, crashed and restarted, stopped."""

    name: str
    port: int

    def _pg(self, action: str) -> str:
        env = {**os.environ, "WAHOOK_BENCH_PG_PORT": str(self.port)}
        out = subprocess.run(
            [str(REPO / "scripts/pg"), action, self.name], capture_output=True, text=True, check=True, env=env
        )
        return out.stdout.strip()

    def start(self) -> str:
        return self._pg("start")

    def stop(self) -> None:
        self._pg("stop")

    def crash_and_restart(self) -> None:
        """`pg_ctl -m immediate` (no shutdown checkpoint: recovery replays the WAL), then start."""
        # As root the data directory lives elsewhere (see scripts/pg), behind a link the postgres
        # user cannot follow: resolve it here.
        data = os.path.realpath(REPO / ".wahook" / self.name)
        command = [str(PG_BIN / "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"]
        if os.getuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True)
        self.start()


def prepare(cluster_url: str) -> str:
    """A fresh database with the schema and the chaos settings; returns its URL."""
    url = Server(cluster_url).fresh_database(DATABASE)
    layouts.prepare(url)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("select wahook.update_settings(%s)", [Jsonb(SETTINGS)])
    return url


@dataclass
class System:
    """The processes of one run; restartable one by one on the same ports."""

    fleet: Fleet
    database_url: str
    seed: int
    webhook_port: int = field(default_factory=free_port)
    agent_port: int = field(default_factory=free_port)
    graph_port: int = field(default_factory=free_port)
    worker_ports: list[int] = field(default_factory=lambda: [free_port(), free_port()])
    serve: Proc | None = None
    workers: list[Proc] = field(default_factory=list)
    kills: list[str] = field(default_factory=list)

    @property
    def webhook_url(self) -> str:
        return f"http://127.0.0.1:{self.webhook_port}/webhook"

    @property
    def graph_api(self) -> str:
        return f"http://127.0.0.1:{self.graph_port}"

    def env(self, port: int) -> dict[str, str]:
        return {
            "DATABASE_URL": self.database_url,
            "WA_APP_SECRET": bodies.SECRET,
            "WA_VERIFY_TOKEN": bodies.VERIFY_TOKEN,
            "WA_GRAPH_API_URL": layouts.graph_url(self.graph_port),
            "WA_ACCESS_TOKEN": "chaos-access-token",
            "WA_SENDS_PER_SECOND": "1000",
            "WAHOOK_AGENT": "openai",
            "OPENAI_BASE_URL": f"http://127.0.0.1:{self.agent_port}/v1",
            "OPENAI_API_KEY": "chaos-key",
            "WAHOOK_AGENT_TIMEOUT_SECONDS": str(AGENT_TIMEOUT_SECONDS),
            "WAHOOK_TURN_DEADLINE_SECONDS": str(AGENT_TIMEOUT_SECONDS * 3),
            "WAHOOK_POLL_MS": "200",
            "WAHOOK_SHUTDOWN_GRACE_SECONDS": "2",
            "WAHOOK_HOST": "127.0.0.1",
            "WAHOOK_PORT": str(port),
        }

    def start(self) -> None:
        py = [PYTHON, "-m"]
        self.fleet.start(
            "chaos agent",
            [*py, "bench.chaos_agent", str(self.agent_port), str(AGENT_HANG_SECONDS), str(self.seed)],
            {},
            self.agent_port,
        )
        self.fleet.start(
            "chaos graph",
            [*py, "bench.chaos_graph", str(self.graph_port), self.webhook_url, str(self.seed)],
            {},
            self.graph_port,
        )
        self.start_serve()
        self.workers = [self.start_worker(n) for n in range(len(self.worker_ports))]

    def start_serve(self) -> None:
        self.serve = self.fleet.start(
            "wahook serve", [WAHOOK, "serve"], self.env(self.webhook_port), self.webhook_port
        )

    def start_worker(self, n: int) -> Proc:
        port = self.worker_ports[n]
        return self.fleet.start(f"wahook worker {n + 1}", [WAHOOK, "worker"], self.env(port), port)

    def kill_worker(self, n: int, at: float) -> None:
        """SIGKILL worker n (no drain, no release: its leases expire) and start it again."""
        self.workers[n].popen.send_signal(signal.SIGKILL)
        self.workers[n].popen.wait()
        self.kills.append(f"{at:.1f}s worker {n + 1}")
        self.workers[n] = self.start_worker(n)

    def kill_serve(self, at: float) -> None:
        assert self.serve is not None
        self.serve.popen.send_signal(signal.SIGKILL)
        self.serve.popen.wait()
        self.kills.append(f"{at:.1f}s serve")
        self.start_serve()

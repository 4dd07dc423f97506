"""One chaos run: start everything, post the load while killing processes and crashing Postgres,
wait until the work settles, and judge what the Graph API stand-in received."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg

from bench import chaos_load
from bench.chaos_system import Cluster, System, prepare
from bench.chaos_verdict import Verdict, judge, outstanding
from bench.procs import fleet

# Maintenance (expired leases, in-doubt replies) every second, where pg_cron would run it every 5 minutes.
MAINTENANCE_SECONDS = 1.0


@dataclass(frozen=True)
class Config:
    messages: int
    conversations: int
    load_seconds: float
    # SIGKILL a worker every this many seconds of the load (alternating workers); 0: once, a
    # quarter into it.
    kill_every: float
    kill_serve: bool
    cluster: str
    cluster_port: int
    drain_timeout: float = 240.0
    seed: int = 7


@dataclass
class Outcome:
    verdict: Verdict
    events: list[str] = field(default_factory=list)
    agent: dict[str, int] = field(default_factory=dict)


async def maintain(url: str, stop: asyncio.Event) -> None:
    while not stop.is_set():
        with contextlib.suppress(psycopg.Error):
            await asyncio.to_thread(_maintain_once, url)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), MAINTENANCE_SECONDS)


def _maintain_once(url: str) -> None:
    with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
        conn.execute("select wahook.run_maintenance()")


async def inject(
    cfg: Config, system: System, cluster: Cluster, started: float, events: list[str], load: asyncio.Task[None]
) -> None:
    """The faults, one at a time (a process is never started while Postgres is down). Worker
    SIGKILLs go on while the load is being posted, however long that takes."""
    serve_at = cfg.load_seconds / 3 if cfg.kill_serve else None
    crash_at: float | None = cfg.load_seconds / 2
    next_kill: float | None = cfg.kill_every or cfg.load_seconds / 4
    victim = 0
    while serve_at is not None or crash_at is not None or next_kill is not None:
        now = time.monotonic() - started
        if serve_at is not None and now >= serve_at:
            await asyncio.to_thread(system.kill_serve, now)
            events.append(f"{now:.1f} s: wahook serve SIGKILLed and started again")
            serve_at = None
        elif crash_at is not None and now >= crash_at:
            await asyncio.to_thread(cluster.crash_and_restart)
            events.append(
                f"{now:.1f} s: Postgres stopped with pg_ctl -m immediate,"
                f" up again at {time.monotonic() - started:.1f} s"
            )
            crash_at = None
        elif next_kill is not None and now >= next_kill:
            await asyncio.to_thread(system.kill_worker, victim, now)
            events.append(f"{now:.1f} s: wahook worker {victim + 1} SIGKILLed and started again")
            victim = 1 - victim
            next_kill = next_kill + cfg.kill_every if cfg.kill_every else None
        if next_kill is not None and load.done():
            next_kill = None
        await asyncio.sleep(0.1)


async def graph_state(system: System) -> dict[str, Any]:
    async with httpx.AsyncClient(timeout=30) as client:
        response = await client.get(system.graph_api + "/chaos/sends")
        response.raise_for_status()
        state: dict[str, Any] = response.json()
        return state


async def drain(url: str, system: System, within: float) -> bool:
    """Waits until nothing is left to do and every status webhook was delivered (twice in a row)."""
    deadline = time.monotonic() + within
    quiet = 0
    while time.monotonic() < deadline:
        try:
            with psycopg.connect(url, autocommit=True) as conn:
                left = outstanding(conn)
            left["statuses"] = int((await graph_state(system))["statuses_under_way"])
        except (psycopg.Error, httpx.HTTPError):
            left = {"error": 1}
        quiet = quiet + 1 if not any(left.values()) else 0
        if quiet >= 2:
            return True
        await asyncio.sleep(1.0)
    return False


async def run(cfg: Config, logs: Path) -> Outcome:
    cluster = Cluster(cfg.cluster, cfg.cluster_port)
    events: list[str] = []
    try:
        url = prepare(cluster.start())
        logs.mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240 (once, before anything runs)
        with fleet(logs) as processes:
            system = System(processes, url, cfg.seed)
            await asyncio.to_thread(system.start)
            bodies = chaos_load.plan(f"s{cfg.seed}", cfg.messages, cfg.conversations, cfg.seed)
            load = chaos_load.LoadResult()
            stop = asyncio.Event()
            started = time.monotonic()
            maintenance = asyncio.create_task(maintain(url, stop))
            posting = asyncio.create_task(chaos_load.run(system.webhook_url, bodies, cfg.load_seconds, load))
            await asyncio.gather(posting, inject(cfg, system, cluster, started, events, posting))
            events.append(
                f"{time.monotonic() - started:.1f} s: load posted ({load.bodies} bodies, {load.posts} posts)"
            )
            settled = await drain(url, system, cfg.drain_timeout)
            duration = time.monotonic() - started
            events.append(f"{duration:.1f} s: {'settled' if settled else 'gave up waiting'}")
            stop.set()
            await maintenance
            graph = await graph_state(system)
            async with httpx.AsyncClient(timeout=30) as client:
                agent = (await client.get(f"http://127.0.0.1:{system.agent_port}/chaos/stats")).json()
            refused = Counter({k: v for k, v in load.refused.items() if k != 500})
            with psycopg.connect(url, autocommit=True) as conn:
                verdict = judge(
                    conn,
                    bodies,
                    graph["sends"],
                    load.refused[500],
                    int(graph["http_500"]),
                    refused,
                    duration,
                    settled,
                )
            return Outcome(verdict, events, agent)
    finally:
        cluster.stop()

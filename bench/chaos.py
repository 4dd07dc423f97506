"""The chaos run: wahook under SIGKILLs, a Postgres crash and a flaky agent, judged by what the
customers would have received.

    .venv/bin/python bench/chaos.py [--messages 20000 --conversations 1000] [--seconds S]
                                    [--quick] [--no-write]

One `wahook serve` and two `wahook worker` processes on a cluster of the run's own (scripts/pg
`bench-chaos`, port WAHOOK_CHAOS_PG_PORT, default 54387), WAHOOK_AGENT=openai against
bench/chaos_agent.py and the Graph API stand-in bench/chaos_graph.py. Prints a verdict table and
writes it into docs/benchmarks.md between the chaos markers (not with --no-write or --quick).
Exits non-zero when a target is missed. docs/operations.md ("The chaos run") says how to read it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.chaos_run import MAINTENANCE_SECONDS, Config, Outcome, run
from bench.chaos_system import AGENT_HANG_SECONDS, AGENT_TIMEOUT_SECONDS, SETTINGS
from bench.chaos_verdict import lines, write
from bench.procs import REPO


def report(cfg: Config, outcome: Outcome, command: str) -> str:
    settings = ", ".join(f"{k} {v}" for k, v in SETTINGS.items())
    kills = f"a worker every {cfg.kill_every:g} s" if cfg.kill_every else "a worker once"
    agent = ", ".join(f"{k}: {v}" for k, v in sorted(outcome.agent.items()))
    out = [
        f"`{command}` on {os.cpu_count()} cores ({platform.platform()}).",
        "",
        f"- Load: {cfg.messages} messages over {cfg.conversations} conversations, posted over about "
        f"{cfg.load_seconds:g} s; bodies of 1 to 3 messages, each delivered 1 to 3 times at once.",
        f"- Faults: SIGKILL of {kills}{', of wahook serve once' if cfg.kill_serve else ''}; Postgres "
        "stopped with `pg_ctl -m immediate` once; the agent answers 500 to 20% of calls and hangs "
        f"{AGENT_HANG_SECONDS:g} s (past WAHOOK_AGENT_TIMEOUT_SECONDS={AGENT_TIMEOUT_SECONDS}) on 5% "
        f"(calls: {agent}).",
        f"- Shortened for the run (wahook.update_settings): {settings}; maintenance every "
        f"{MAINTENANCE_SECONDS:g} s.",
        "",
        *lines(outcome.verdict),
        "",
        "Timeline:",
        "",
        *[f"- {e}" for e in outcome.events],
        "",
    ]
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=20000)
    parser.add_argument("--conversations", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=None, help="how long the load is spread over")
    parser.add_argument("--quick", action="store_true", help="300 messages over 30 conversations in 30 s")
    parser.add_argument("--no-write", action="store_true", help="do not write docs/benchmarks.md")
    parser.add_argument(
        "--kill-every", type=float, default=5.0, help="seconds between worker SIGKILLs; 0: once"
    )
    parser.add_argument("--no-serve-kill", action="store_true", help="leave wahook serve alive")
    parser.add_argument(
        "--cluster", default="bench-chaos", help="the scripts/pg cluster (bench-*) the run owns"
    )
    args = parser.parse_args()
    if args.quick:
        args.messages, args.conversations = 300, 30
    seconds = args.seconds or (30.0 if args.quick else max(30.0, args.messages / 80))
    cfg = Config(
        messages=args.messages,
        conversations=args.conversations,
        load_seconds=seconds,
        kill_every=args.kill_every,
        kill_serve=not args.no_serve_kill,
        cluster=args.cluster,
        cluster_port=int(os.environ.get("WAHOOK_CHAOS_PG_PORT", "54387")),
    )
    outcome = asyncio.run(run(cfg, REPO / ".wahook" / "chaos-logs"))
    command = "bench/chaos.py" + (
        " --quick"
        if args.quick
        else f" --messages {cfg.messages} --conversations {cfg.conversations} --seconds {seconds:g}"
    )
    text = report(cfg, outcome, command)
    print(text)
    if not (args.no_write or args.quick or args.cluster != "bench-chaos"):
        write(REPO / "docs/benchmarks.md", text)
    return 0 if outcome.verdict.ok and outcome.verdict.settled else 1


if __name__ == "__main__":
    sys.exit(main())

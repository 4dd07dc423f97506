"""Database time per one-message turn of the batched turn path (claim_conversations with history,
then complete_turns), at batches of 1, 16 and 64, for this checkout's SQL and for a baseline commit's
SQL side by side in the same run: each is pushed to its own database on the same server, and their
rounds alternate so that drift on a shared machine hits both alike.

    .venv/bin/python bench/turn_costs.py --server-url postgresql://...  [--baseline REF]

Each round ingests `batch` fresh one-message conversations (not timed), then times one
claim_conversations(limit = batch) and one complete_turns of all of them, as the worker calls them.
Prints the median milliseconds per turn of each version and their ratio."""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "sidecar"))

from bench import bodies  # noqa: E402
from bench.cluster import with_database  # noqa: E402
from wahook.db import migrations  # noqa: E402

# The last commit before the set-based claim and complete.
BASELINE = "2a8233d"
BATCHES = (1, 16, 64)
CLAIM = "select * from wahook.claim_conversations('bench', %s, null, 2000, null)"
COMPLETE = "select * from wahook.complete_turns(%s)"


@dataclass(frozen=True)
class Version:
    name: str
    url: str


def fresh_database(server_url: str, dbname: str, db_root: Path) -> str:
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(dbname)))
        conn.execute(sql.SQL("create database {}").format(sql.Identifier(dbname)))
    url = with_database(server_url, dbname)
    with psycopg.connect(url) as conn:
        migrations.push(conn, db_root, say=lambda _: None)
    return url


def drop_database(server_url: str, dbname: str) -> None:
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(dbname)))


@contextmanager
def baseline_tree(ref: str) -> Iterator[Path]:
    """db/ of commit `ref`, extracted to a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="turn_costs_") as tmp:
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", ref, "db"], capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        yield Path(tmp) / "db"


class Rounds:
    """Fresh conversations for each round: a new customer each, so nothing is rate-limited."""

    def __init__(self) -> None:
        self.next_conversation = 1

    def ingest(self, conn: psycopg.Connection[Any], batch: int) -> None:
        payloads = []
        for _ in range(batch):
            n = self.next_conversation
            self.next_conversation += 1
            payloads.append(bodies.message(n, f"wamid.turn_costs.{n}", f"t-{n}"))
        conn.execute("select count(*) from wahook.process_messages(%s)", [Jsonb(payloads)])


def one_round(conn: psycopg.Connection[Any], rounds: Rounds, batch: int) -> float:
    """Milliseconds per turn of one claim of `batch` conversations and the completion of all."""
    rounds.ingest(conn, batch)
    started = time.perf_counter()
    claimed = conn.execute(CLAIM, [batch]).fetchall()
    claim_s = time.perf_counter() - started
    if len(claimed) != batch:
        raise RuntimeError(f"claimed {len(claimed)} of {batch} fresh conversations")
    turns = [
        {
            "conversation_id": row[0],
            "lease_token": row[1],
            "reply_text": "echo: " + str(row[8][0]["text"]),
            "reply_tokens": 50,
            "message_tokens": {str(m["id"]): 50 for m in row[8]},
            "usage": {
                "provider": "echo",
                "model": "echo",
                "tokens_in": 50,
                "tokens_out": 50,
                "latency_ms": 1,
            },
        }
        for row in claimed
    ]
    payload = Jsonb(turns)
    started = time.perf_counter()
    done = conn.execute(COMPLETE, [payload]).fetchall()
    complete_s = time.perf_counter() - started
    failed = [row for row in done if row[3] is not None]
    if failed:
        raise RuntimeError(f"complete_turns refused {len(failed)} turns: {failed[0]}")
    return (claim_s + complete_s) * 1000 / batch


def measure(
    versions: list[Version], generators: dict[str, Rounds], batch: int, rounds_count: int, warmup: int
) -> dict[str, float]:
    samples: dict[str, list[float]] = {v.name: [] for v in versions}
    conns = {v.name: psycopg.connect(v.url, autocommit=True) for v in versions}
    try:
        for n in range(warmup + rounds_count):
            # Alternate which version goes first, so neither always runs right after the other.
            order = versions if n % 2 == 0 else list(reversed(versions))
            for v in order:
                ms = one_round(conns[v.name], generators[v.name], batch)
                if n >= warmup:
                    samples[v.name].append(ms)
    finally:
        for conn in conns.values():
            conn.close()
    return {name: statistics.median(values) for name, values in samples.items()}


def rounds_for(batch: int, scale: float) -> int:
    return max(5, int({1: 300, 16: 40, 64: 15}.get(batch, 10) * scale))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--server-url", required=True, help="any database on the server (superuser)")
    parser.add_argument(
        "--baseline", default=BASELINE, help=f"git ref of the SQL to compare with ({BASELINE})"
    )
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies the number of rounds")
    args = parser.parse_args(argv)

    with baseline_tree(args.baseline) as old_root:
        versions = [
            Version("before", fresh_database(args.server_url, "turn_costs_before", old_root)),
            Version("after", fresh_database(args.server_url, "turn_costs_after", REPO / "db")),
        ]
    generators = {v.name: Rounds() for v in versions}
    try:
        print(
            f"ms of database time per one-message turn (claim_conversations + complete_turns), "
            f"before = {args.baseline}, after = this checkout; medians of rounds, same run"
        )
        print(f"{'batch':>5} {'rounds':>6} {'before':>8} {'after':>8} {'after/before':>13}")
        for batch in BATCHES:
            rounds_count = rounds_for(batch, args.scale)
            medians = measure(versions, generators, batch, rounds_count, warmup=max(2, rounds_count // 10))
            before, after = medians["before"], medians["after"]
            print(
                f"{batch:>5} {rounds_count:>6} {before:>8.3f} {after:>8.3f} {after / before:>13.2f}",
                flush=True,
            )
    finally:
        drop_database(args.server_url, "turn_costs_before")
        drop_database(args.server_url, "turn_costs_after")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

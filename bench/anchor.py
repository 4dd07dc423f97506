"""The physical anchor: pgbench inserting one webhook body per transaction into a plain table, the
same table the naive app writes (bench/naive_app.py)."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import psycopg

PGBENCH = "/usr/lib/postgresql/15/bin/pgbench"
TABLE = """
create table if not exists webhook_bodies (
    id bigint generated always as identity primary key,
    received_at timestamptz not null default now(),
    body jsonb not null
)
"""


@dataclass(frozen=True)
class PgbenchResult:
    transactions: int
    tps: float
    failed: int
    clients: int


def run(database_url: str, body: bytes, seconds: float, clients: int, workdir: Path) -> PgbenchResult:
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(TABLE)
    literal = body.decode().replace("'", "''")
    script = workdir / "pgbench_insert.sql"
    script.write_text(f"insert into webhook_bodies (body) values ('{literal}'::jsonb);\n")
    command = [
        PGBENCH,
        *("-n", "-M", "prepared", "-c", str(clients), "-j", "2", "-T", str(max(1, round(seconds)))),
        *("-f", str(script), database_url),
    ]
    out = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 120).stdout
    return PgbenchResult(
        transactions=int(_field(out, r"number of transactions actually processed: (\d+)")),
        tps=float(_field(out, r"tps = ([\d.]+)")),
        failed=int(_field(out, r"number of failed transactions: (\d+)", "0")),
        clients=clients,
    )


def _field(text: str, pattern: str, default: str | None = None) -> str:
    match = re.search(pattern, text)
    if match:
        return match.group(1)
    if default is not None:
        return default
    raise RuntimeError(f"pgbench output lacks {pattern!r}:\n{text}")

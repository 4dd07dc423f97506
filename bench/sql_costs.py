"""Postgres CPU per webhook body in the acknowledgement and ingest path, measured in the backend.

Each workload runs on one connection whose backend's CPU time (user + system, from /proc) is read
before and after, so the figure is what Postgres spends, not the client or the round trips:
  check      wahook_private.ingest_check_body over 32 bodies in one statement;
  receive    wahook.receive_webhooks of 32 bodies per call (the endpoint's group commit);
  ingest     wahook.ingest_inbox over an inbox of 1 message body : 3 status bodies (bench/bodies.py),
             the statuses (sent, delivered, read) of replies that are in the outbox, as in production.
Bodies go as binary bytea, as the sidecar sends them.
With --baseline-ref, the same functions as they were at that git revision are installed under the
schema bench_baseline of the same scratch database and measured in alternating rounds, so that the
before/after ratio comes from one run on the same (shared, drifting) machine.

    .venv/bin/python bench/sql_costs.py --server-url URL [--baseline-ref REV]

URL names any database of a local server (the scratch database is created beside it); a server
with fsync off is fine, since this measures CPU, not commits.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import bodies
from bench.cluster import Server
from bench.cpu import TICK
from bench.procs import REPO
from wahook.db import migrations

DATABASE = "wahook_sql_costs"
BASELINE = "bench_baseline"
BATCH = 32
# The functions of the path; a baseline revision's versions of these are installed under BASELINE.
FUNCTIONS = {
    "private": [
        "ingest_check_body",
        "ingest_json_text",
        "ingest_epoch",
        "ingest_message_sender",
        "ingest_lock_outbound_wamid",
        "ingest_apply_statuses",
        "ingest_status_applies",
        "ingest_status_rank",
        "ingest_items",
        "ingest_bodies",
    ],
    "api": ["receive_webhooks", "ingest_inbox"],
}
NAMES = re.compile(
    r"\b(?:wahook_private|wahook)\.(" + "|".join(n for ns in FUNCTIONS.values() for n in ns) + r")\b"
)

Conn = psycopg.Connection[tuple[Any, ...]]


def backend_seconds(conn: Conn) -> float:
    stat = Path(f"/proc/{conn.info.backend_pid}/stat").read_text()
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def install_baseline(conn: Conn, revision: str) -> None:
    """The path's functions as of `revision`, renamed into BASELINE (tables and types are shared)."""
    conn.execute(f"drop schema if exists {BASELINE} cascade")
    conn.execute(f"create schema {BASELINE}")
    conn.execute("set check_function_bodies = off")
    for folder, names in FUNCTIONS.items():
        for name in names:
            shown = subprocess.run(
                ["git", "show", f"{revision}:db/functions/{folder}/{name}.sql"],
                cwd=REPO,
                capture_output=True,
                text=True,
            )
            if shown.returncode == 0:
                conn.execute(NAMES.sub(BASELINE + r".\1", shown.stdout).encode())
    conn.execute("reset check_function_bodies")


def message_bodies(run: str, count: int) -> list[dict[str, Any]]:
    return [bodies.message(n % 1000, f"wamid.costs.{run}.{n}", f"{run}-{n}") for n in range(count)]


def status_bodies(run: str, count: int) -> list[dict[str, Any]]:
    states = ("sent", "delivered", "read")
    return [bodies.status(n % 1000, f"wamid.out.{run}.{n // 3}", states[n % 3]) for n in range(count)]


def raw(batch: list[dict[str, Any]]) -> list[bytes]:
    return [bodies.encode(b) for b in batch]


def timed(conn: Conn, calls: Iterator[Callable[[], object]]) -> float:
    """Backend CPU seconds of running every call (each its own transaction, autocommit)."""
    before = backend_seconds(conn)
    for call in calls:
        call()
    return backend_seconds(conn) - before


@dataclass
class Workload:
    name: str
    bodies_per_round: int
    # schema -> backend CPU seconds of one round
    run: Callable[[Conn, str, int], float]


def check(kind: str) -> Callable[[Conn, str, int], float]:
    def run(conn: Conn, schema: str, round_no: int) -> float:
        batch = [
            json.dumps(b)
            for b in (message_bodies if kind == "message" else status_bodies)(f"c{round_no}", BATCH)
        ]
        function = (
            "wahook_private.ingest_check_body" if schema == "current" else f"{BASELINE}.ingest_check_body"
        )
        query = f"select sum({function}(b)) from unnest(%s::jsonb[]) as b"
        conn.execute(query, (batch,))  # warm the plan
        return timed(conn, (lambda: conn.execute(query, (batch,)) for _ in range(CALLS)))

    return run


def receive(kind: str) -> Callable[[Conn, str, int], float]:
    def run(conn: Conn, schema: str, round_no: int) -> float:
        batch = raw((message_bodies if kind == "message" else status_bodies)(f"r{round_no}", BATCH))
        function = "wahook.receive_webhooks" if schema == "current" else f"{BASELINE}.receive_webhooks"
        query = f"select count(*) from {function}(%b::bytea[])"
        conn.execute(query, (batch,))
        seconds = timed(conn, (lambda: conn.execute(query, (batch,)) for _ in range(CALLS)))
        conn.execute("delete from wahook_private.webhook_inbox")
        return seconds

    return run


def floor(conn: Conn, schema: str, round_no: int) -> float:
    """The physical floor of the acknowledgement: the same bodies, parsed and inserted, unchecked."""
    batch = raw(
        message_bodies(f"f{round_no}", BATCH // 4) + status_bodies(f"f{round_no}", BATCH - BATCH // 4)
    )
    conn.execute(
        "create table if not exists bench_floor (id bigint generated always as identity, body jsonb)"
    )
    query = (
        "insert into bench_floor (body) select convert_from(b, 'UTF8')::jsonb from unnest(%b::bytea[]) as b"
    )
    seconds = timed(conn, (lambda: conn.execute(query, (batch,)) for _ in range(CALLS)))
    conn.execute("truncate bench_floor")
    return seconds


def ingest(conn: Conn, schema: str, round_no: int) -> float:
    """Fills the inbox (not measured) with fresh 1:3 traffic, then drains it BATCH * 4 bodies a call."""
    tag = f"i{round_no}{schema[0]}"
    traffic = list(bodies.traffic(tag, CALLS * BATCH, 1000, statuses=True))
    for start in range(0, len(traffic), BATCH):
        conn.execute(
            "select count(*) from wahook.receive_webhooks(%b::bytea[])",
            (raw(traffic[start : start + BATCH]),),
        )
    conn.execute(OUTBOX, ([json.dumps(b) for b in traffic],))
    # Statistics as autovacuum keeps them in production: plans made while a table was small (seq
    # scans of outbound_status_events per status) would otherwise stay cached and dominate.
    conn.execute("analyze")
    function = "wahook.ingest_inbox" if schema == "current" else f"{BASELINE}.ingest_inbox"
    query = f"select body_count, failed_count from {function}(%s)"
    done = 0

    def call() -> None:
        nonlocal done
        row = conn.execute(query, (BATCH * 4,)).fetchone()
        assert row is not None and row[1] == 0, row
        done += row[0]

    seconds = timed(conn, (call for _ in range(-(-len(traffic) // (BATCH * 4)))))
    assert done == len(traffic), (done, len(traffic))
    return seconds


CALLS = 40

# The replies the status bodies are about, sent (so that sent, delivered and read apply in turn),
# with their conversations: what the sender leaves in the outbox.
OUTBOX = """
with statuses as (
    select distinct on (s.value ->> 'id')
        c.value #>> '{value,metadata,phone_number_id}' as phone_number_id,
        s.value ->> 'recipient_id' as recipient,
        s.value ->> 'id' as wamid
    from unnest(%s::jsonb[]) as b (body)
    cross join lateral jsonb_array_elements(b.body #> '{entry,0,changes}') as c (value)
    cross join lateral jsonb_array_elements(c.value #> '{value,statuses}') as s (value)
),
conversations as (
    insert into wahook_private.webhook_conversations (
        conversation_id, phone_number_id, customer_id, customer_wa_id
    )
    select distinct
        wahook_private.conversation_key(s.phone_number_id, s.recipient), s.phone_number_id, s.recipient,
        s.recipient
    from statuses as s
    on conflict (conversation_id) do nothing
)
insert into wahook_private.outbound_messages (
    conversation_id, phone_number_id, recipient, lease_token, body, status, wamid, attempt_count, sent_at
)
select
    wahook_private.conversation_key(s.phone_number_id, s.recipient), s.phone_number_id, s.recipient,
    nextval('wahook_private.lease_tokens'), '{"type": "text", "text": {"body": "hi"}}', 'sent', s.wamid, 1,
    now()
from statuses as s
"""


def main() -> None:
    global CALLS
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--server-url", required=True)
    parser.add_argument("--baseline-ref", help="git revision whose functions to compare against")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--calls", type=int, default=CALLS, help="calls of 32 bodies per workload and round")
    args = parser.parse_args()
    CALLS = args.calls

    server = Server(args.server_url)
    url = server.fresh_database(DATABASE)
    with psycopg.connect(url) as conn:
        migrations.push(conn, REPO / "db", lambda _: None)
        conn.commit()
        conn.autocommit = True
        schemas = ["current"]
        if args.baseline_ref:
            install_baseline(conn, args.baseline_ref)
            schemas.insert(0, "baseline")
        conn.execute("set jit = off")
        workloads = [
            Workload("check_body, message body", CALLS * BATCH, check("message")),
            Workload("check_body, status body", CALLS * BATCH, check("status")),
            Workload("receive_webhooks, message bodies", CALLS * BATCH, receive("message")),
            Workload("receive_webhooks, status bodies", CALLS * BATCH, receive("status")),
            Workload("ingest_inbox, 1 message : 3 status", CALLS * BATCH, ingest),
            Workload("floor: plain insert of the bodies, 1:3", CALLS * BATCH, floor),
        ]
        ms: dict[tuple[str, str], list[float]] = {}
        for round_no in range(args.rounds):
            for w in workloads:
                # Alternate which variant goes first, so drift within a round favours neither.
                for schema in schemas if round_no % 2 == 0 else schemas[::-1]:
                    seconds = w.run(conn, schema, round_no)
                    ms.setdefault((w.name, schema), []).append(seconds * 1000 / w.bodies_per_round)
            print(f"round {round_no + 1}/{args.rounds} done", file=sys.stderr)
    server.drop_database(DATABASE)

    median = {key: statistics.median(values) for key, values in ms.items()}
    for schema in schemas:
        median[("receive + ingest, 1 message : 3 status", schema)] = (
            median[("receive_webhooks, message bodies", schema)]
            + 3 * median[("receive_webhooks, status bodies", schema)]
        ) / 4 + median[("ingest_inbox, 1 message : 3 status", schema)]
    names = [w.name for w in workloads[:-1]] + ["receive + ingest, 1 message : 3 status", workloads[-1].name]
    head = "| Postgres CPU ms per body (median of rounds) | " + " | ".join(schemas)
    print(head + (" | current / baseline |" if len(schemas) == 2 else " |"))
    print("|---" * (len(schemas) + 1 + (len(schemas) == 2)) + "|")
    for name in names:
        cells = [f"{median[(name, s)]:.3f}" for s in schemas]
        if len(schemas) == 2:
            cells.append(f"{median[(name, 'current')] / median[(name, 'baseline')]:.2f}")
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

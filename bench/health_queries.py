"""The health views and functions over a long history: seeds a scratch database with N messages of
history (settled turns, replies, DLQ rows, some live work) and times each query operators run.

    .venv/bin/python bench/health_queries.py --server-url "$(scripts/pg url dev)" --messages 1000000

Creates (and, unless --keep, drops) the database `wahook_bench` on that server; nothing else is
touched. Seeding a million messages takes a few minutes.
"""

from __future__ import annotations

import argparse
import statistics
import time

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from wahook.db import migrations

DATABASE = "wahook_bench"

QUERIES = {
    "check_webhook_system_health()": "select * from wahook.check_webhook_system_health()",
    "webhook_conversation_health (stuck)": "select * from wahook.webhook_conversation_health where is_stuck",
    "webhook_conversation_health (all)": "select count(*) from wahook.webhook_conversation_health",
    "webhook_dlq_status": "select * from wahook.webhook_dlq_status",
    "webhook_processing_performance": "select * from wahook.webhook_processing_performance",
    "agent_session_metrics": "select * from wahook.agent_session_metrics",
    "webhook_throughput": "select * from wahook.webhook_throughput",
    "get_webhook_performance_stats(24)": "select * from wahook.get_webhook_performance_stats(24)",
}

# History spread over 30 days, 10 messages per conversation; every message completed in a turn of
# its own; 1 in 200 dead with a DLQ row.
SEED = """
with conversations as (
    insert into wahook_private.webhook_conversations (
        conversation_id, phone_number_id, customer_id, customer_wa_id, state, available_at,
        last_inbound_at, created_at, updated_at
    )
    select wahook_private.conversation_key('100000001', 'c' || c), '100000001', 'c' || c, 'c' || c,
        'idle', now(), now() - interval '1 hour', now() - interval '30 days', now()
    from generate_series(1, %(conversations)s) as c
    returning conversation_id
),
numbered as (
    select conversation_id, row_number() over () as c from conversations
)
insert into wahook_private.processed_webhook_messages (
    conversation_id, wamid, message_type, wa_timestamp, received_at, text_body, payload, status,
    attempt_count, claimed_at, completed_at, dead_at
)
select n.conversation_id, 'wamid.bench.' || n.c || '.' || m, 'text', t.at, t.at, 'message ' || m,
    '{}'::jsonb, x.status, 1, t.at + interval '50 milliseconds',
    case when x.status = 'completed' then t.at + interval '800 milliseconds' end,
    case when x.status = 'dead' then t.at + interval '800 milliseconds' end
from numbered as n
cross join generate_series(1, 10) as m
cross join lateral (
    -- Referencing m makes the subquery run per row: one random time each.
    select now() - interval '30 days' * random() + interval '0 seconds' * (n.c + m) as at
) as t
cross join lateral (
    select case when (n.c * 10 + m) %% 200 = 0 then 'dead' else 'completed' end as status
) as x
"""
TURNS = """
insert into wahook_private.agent_turns (
    conversation_id, lease_token, worker, status, message_count, started_at, finished_at, queue_wait_ms,
    provider, model, tokens_in, tokens_out, latency_ms, error_code
)
select m.conversation_id, nextval('wahook_private.lease_tokens'), 'bench',
    case when m.status = 'dead' then 'failed' else 'completed' end, 1,
    m.claimed_at, coalesce(m.completed_at, m.dead_at), 50, 'echo', 'echo', 40, 12, 700,
    case when m.status = 'dead' then 'server_error' end
from wahook_private.processed_webhook_messages as m
"""
DLQ = """
insert into wahook_private.webhook_dlq (
    conversation_id, message_id, wamid, status, attempt_count, errors, first_failed_at, last_failed_at,
    dead_at
)
select m.conversation_id, m.id, m.wamid, 'dead', 1,
    jsonb_build_array(jsonb_build_object('code', 'server_error', 'message', 'bench', 'attempt', 1)),
    m.dead_at, m.dead_at, m.dead_at
from wahook_private.processed_webhook_messages as m
where m.status = 'dead'
"""


def server_url_for(url: str, dbname: str) -> str:
    params = conninfo_to_dict(url)
    params["dbname"] = dbname
    return make_conninfo(**params)  # type: ignore[arg-type]


def timed(conn: psycopg.Connection[tuple[object, ...]], query: str, runs: int) -> list[float]:
    conn.execute(query).fetchall()  # warm the cache and the plan
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        conn.execute(query).fetchall()
        times.append((time.perf_counter() - started) * 1000)
    return times


def seed(conn: psycopg.Connection[tuple[object, ...]], messages: int) -> None:
    started = time.perf_counter()
    with conn.transaction():
        conn.execute(SEED, {"conversations": max(1, messages // 10)})
        conn.execute(TURNS)
        conn.execute(DLQ)
    conn.execute("analyze")
    print(f"seeded {messages} messages in {time.perf_counter() - started:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--server-url", required=True, help="a server where wahook_bench may be created")
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    with psycopg.connect(args.server_url, autocommit=True) as admin:
        admin.execute(sql.SQL("drop database if exists {}").format(sql.Identifier(DATABASE)))
        admin.execute(sql.SQL("create database {}").format(sql.Identifier(DATABASE)))
    try:
        with psycopg.connect(server_url_for(args.server_url, DATABASE), autocommit=True) as conn:
            conn.add_notice_handler(lambda _notice: None)
            migrations.push(conn, migrations.db_dir(), say=lambda _line: None)
            seed(conn, args.messages)
            print(f"{'query':40} {'median ms':>10} {'max ms':>10}")
            for name, query in QUERIES.items():
                times = timed(conn, query, args.runs)
                print(f"{name:40} {statistics.median(times):10.1f} {max(times):10.1f}")
    finally:
        if not args.keep:
            with psycopg.connect(args.server_url, autocommit=True) as admin:
                drop = sql.SQL("drop database if exists {} with (force)")
                admin.execute(drop.format(sql.Identifier(DATABASE)))


if __name__ == "__main__":
    main()

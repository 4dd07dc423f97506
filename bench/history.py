"""History scale: the latency of claim_conversation and complete_turn (one client, one fresh message
each, in a conversation that has history) over a small and a large seeded history. Seeding reuses
bench/health_queries.py's set-based SQL and adds the conversation memory (agent_contexts)."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from bench import bodies, layouts
from bench.cluster import Server
from bench.health_queries import SEED, TURNS

PHONE_NUMBER_ID = "100000001"  # the seed's business number; its customers are 'c1', 'c2', ...
# Each seeded message and its reply, as the worker would have stored them.
CONTEXTS = """
insert into wahook_private.agent_contexts (
    conversation_id, role, content, token_count, message_id, created_at
)
select m.conversation_id, r.role, case r.role when 'user' then m.text_body else 'echo: ' || m.text_body end,
    12, m.id, m.received_at
from wahook_private.processed_webhook_messages as m
cross join (values ('user'), ('assistant')) as r (role)
"""
CLAIM = "select conversation_id, lease_token from wahook.claim_conversation('bench')"
COMPLETE = "select wahook.complete_turn(%s, %s, 'echo: fresh', 3, '{}'::jsonb)"


@dataclass(frozen=True)
class HistoryRow:
    messages: int
    seed_seconds: float
    claim_ms: float
    complete_ms: float


def fresh_body(conversation: int, n: int) -> dict[str, Any]:
    body = bodies.message(conversation, f"wamid.history.{conversation}.{n}", f"h-{n}")
    value = body["entry"][0]["changes"][0]["value"]
    value["metadata"]["phone_number_id"] = PHONE_NUMBER_ID
    value["contacts"][0]["wa_id"] = value["messages"][0]["from"] = f"c{conversation}"
    return body


def timed(conn: psycopg.Connection[Any], query: str, params: tuple[Any, ...] = ()) -> tuple[float, Any]:
    started = time.perf_counter()
    row = conn.execute(query, params).fetchone()
    return (time.perf_counter() - started) * 1000, row


def measure(server: Server, messages: int, samples: int) -> HistoryRow:
    database_url = server.fresh_database(f"bench_history_{messages}")
    layouts.prepare(database_url)
    with psycopg.connect(database_url, autocommit=True) as conn:
        started = time.perf_counter()
        with conn.transaction():
            conn.execute(SEED, {"conversations": max(1, messages // 10)})
            conn.execute(TURNS)
            conn.execute(CONTEXTS)
        conn.execute("analyze")
        seed_seconds = time.perf_counter() - started
        claims, completes = [], []
        # The first turns warm the caches and plans: not counted.
        for n in range(-3, samples):
            conversation = 1 + (n + 3) * 7919 % max(1, messages // 10)  # spread over the history
            conn.execute("select * from wahook.process_message(%s)", [Jsonb(fresh_body(conversation, n))])
            claim_ms, claimed = timed(conn, CLAIM)
            if claimed is None:
                raise RuntimeError("claim_conversation found nothing to claim after a fresh message")
            complete_ms, _ = timed(conn, COMPLETE, tuple(claimed))
            if n >= 0:
                claims.append(claim_ms)
                completes.append(complete_ms)
    server.drop_database(f"bench_history_{messages}")
    return HistoryRow(messages, seed_seconds, statistics.median(claims), statistics.median(completes))


def run(server: Server, small: int, large: int, samples: int) -> list[HistoryRow]:
    return [measure(server, small, samples), measure(server, large, samples)]

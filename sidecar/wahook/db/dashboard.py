"""What the dashboard shows, read from the SQL views and functions in one snapshot per refresh.

Rows go to the browser as JSON, so they are read as dicts and made JSON-safe here: numerics become
floats, timestamps ISO strings, and conversation ids strings (64-bit keys do not fit a JS number).
Customer ids and phone numbers are not read: the dashboard has no use for them.

Its two actions, a person's reply and the resume of a paused conversation, are wahook.db.handoff's,
the SQL of `wahook reply`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from psycopg.rows import dict_row

from wahook.db.handoff import PAUSED_CONVERSATIONS
from wahook.db.health import CHECK_HEALTH
from wahook.db.pool import Pool

STATS_24H = """
select received, completed, failed, dead, duplicates, error_rate, turns,
    p50_processing_ms, p95_processing_ms, p99_processing_ms, window_start, window_end
from wahook.get_webhook_performance_stats(24)
"""
THROUGHPUT = """
select bucket_start, received, completed, failed, duplicates, replies
from wahook.webhook_throughput order by bucket_start
"""
# The views' hours are UTC-aligned; the last 24 of the 168.
LATENCY = """
select hour_start, turns, p50_processing_ms, p95_processing_ms, p99_processing_ms
from wahook.webhook_processing_performance
where hour_start > now() - interval '24 hours'
order by hour_start
"""
DLQ = """
select status, error_class, entry_count, oldest_age_seconds
from wahook.webhook_dlq_status order by status, entry_count desc, error_class
"""
STUCK = """
select conversation_id::text as conversation_id, state, round(stuck_seconds) as stuck_seconds,
    pending_count, last_error
from wahook.webhook_conversation_health
where is_stuck
order by stuck_seconds desc, conversation_id
limit 20
"""
AGENT_ERRORS = """
select period_start, sum(error_count)::bigint as errors, sum(turn_count)::bigint as turns,
    max(top_error_code) as top_error_code
from wahook.agent_session_metrics
where period = 'hour' and period_start > now() - interval '24 hours'
group by period_start
order by period_start
"""


# The paused conversations the page lists (newest pause first).
PAUSED_LIMIT = 50


def json_safe(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


async def read_dashboard(database: Pool) -> dict[str, Any]:
    sections = {
        "health": CHECK_HEALTH,
        "stats_24h": STATS_24H,
        "throughput": THROUGHPUT,
        "latency": LATENCY,
        "dlq": DLQ,
        "stuck": STUCK,
        "agent_errors": AGENT_ERRORS,
        "paused": PAUSED_CONVERSATIONS,
    }
    body: dict[str, Any] = {"generated_at": datetime.now(UTC).isoformat()}
    # One repeatable-read transaction: every chart shows the same moment.
    async with database.connection() as conn, conn.transaction(), conn.cursor(row_factory=dict_row) as cur:
        await cur.execute("set transaction isolation level repeatable read, read only")
        for name, query in sections.items():
            await cur.execute(query, {"limit": PAUSED_LIMIT} if name == "paused" else None)
            body[name] = [{k: json_safe(v) for k, v in row.items()} for row in await cur.fetchall()]
    body["stats_24h"] = body["stats_24h"][0] if body["stats_24h"] else {}
    return body

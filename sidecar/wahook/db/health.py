"""Health reads: wahook.check_webhook_system_health() as typed rows (shared by /metrics, the
dashboard, the `wahook health` command and the alert loop), the queue depth gauge, and readiness."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import psycopg
from psycopg.rows import class_row

from wahook.db.pool import Pool, fetch_all, fetch_one

CHECK_HEALTH = """
select check_name, status, value, threshold, details from wahook.check_webhook_system_health()
"""

# Exit codes of `wahook health` and the value of the wahook_health_check_status gauge.
STATUS_LEVEL = {"ok": 0, "warn": 1, "critical": 2}


@dataclass(frozen=True)
class HealthCheck:
    check_name: str
    status: str
    value: Decimal | None
    threshold: Decimal | None
    details: str | None

    @property
    def level(self) -> int:
        # An unknown status is treated as the worst: a monitor should look at it.
        return STATUS_LEVEL.get(self.status, 2)


def worst_level(checks: Iterable[HealthCheck]) -> int:
    return max((check.level for check in checks), default=0)


async def read_health(database: Pool) -> list[HealthCheck]:
    return await fetch_all(database.pool, class_row(HealthCheck), CHECK_HEALTH)


def read_health_once(database_url: str, connect_timeout: int) -> list[HealthCheck]:
    """The checks over a connection of their own (`wahook health`, run from cron or a monitor)."""
    with (
        psycopg.connect(database_url, autocommit=True, connect_timeout=connect_timeout) as conn,
        conn.cursor(row_factory=class_row(HealthCheck)) as cur,
    ):
        cur.execute(CHECK_HEALTH)
        return cur.fetchall()


# Messages waiting for the agent, as check_webhook_system_health counts the oldest one: conversations
# a human holds (paused) are left out.
QUEUE_DEPTH = """
select coalesce(sum(pending_count), 0)::bigint as pending_messages
from wahook.webhook_conversation_health
where state <> 'paused' and pending_count > 0
"""


@dataclass(frozen=True)
class QueueDepth:
    pending_messages: int


async def read_queue_depth(database: Pool) -> QueueDepth:
    return await fetch_one(database.pool, class_row(QueueDepth), QUEUE_DEPTH)


async def answers(database: Pool) -> None:
    """Returns once the database answers a query (raises DatabaseUnavailable otherwise)."""
    async with database.connection() as conn:
        await conn.execute("select 1")

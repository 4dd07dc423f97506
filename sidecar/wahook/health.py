"""wahook.check_webhook_system_health() as typed rows, shared by /metrics, the dashboard, the
`wahook health` command and the alert loop."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from psycopg.rows import class_row

from wahook.db import Database

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


async def read_health(database: Database) -> list[HealthCheck]:
    async with database.connection() as conn, conn.cursor(row_factory=class_row(HealthCheck)) as cur:
        await cur.execute(CHECK_HEALTH)
        return await cur.fetchall()

"""Maintenance's SQL: whether pg_cron runs the jobs here, and one pass of run_maintenance()."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psycopg.rows import class_row

from wahook.db.pool import Pool, fetch_one

RUN_MAINTENANCE = "select wahook.run_maintenance() as summary"

# Whether pg_cron runs the jobs db push scheduled here; the sidecar runs a timer only where not.
MAINTENANCE_IS_SCHEDULED = "select wahook.maintenance_is_scheduled() as answer"


@dataclass(frozen=True)
class Answer:
    answer: bool


@dataclass(frozen=True)
class MaintenanceSummary:
    summary: dict[str, Any]


class MaintenanceCalls(Pool):
    """The maintenance calls of Database."""

    async def pg_cron_runs_maintenance(self) -> bool:
        return (await fetch_one(self.pool, class_row(Answer), MAINTENANCE_IS_SCHEDULED)).answer

    async def run_maintenance(self) -> dict[str, object]:
        # A purge over a long backlog may outlast the request-sized statement_timeout of the
        # sidecar's sessions (WAHOOK_STATEMENT_TIMEOUT_MS), and a cancelled run, all in one
        # transaction, would start over each time: maintenance runs without it, as under pg_cron;
        # one instance at a time (its advisory lock).
        async with self.connection() as conn, conn.transaction():
            await conn.execute("set local statement_timeout = 0")
            async with conn.cursor(row_factory=class_row(MaintenanceSummary)) as cur:
                await cur.execute(RUN_MAINTENANCE)
                row = await cur.fetchone()
            return dict(row.summary) if row else {}

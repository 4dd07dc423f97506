"""Maintenance's SQL: whether pg_cron runs the jobs here, and one pass of run_maintenance()."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psycopg.rows import class_row

from wahook.db.pool import Pool

RUN_MAINTENANCE = "select wahook.run_maintenance() as summary"

PG_CRON_INSTALLED = "select exists (select from pg_extension where extname = 'pg_cron') as answer"
PG_CRON_JOBS_READABLE = "select pg_catalog.has_schema_privilege('cron', 'usage') as answer"
# The jobs db push schedules; when they exist here, pg_cron runs maintenance and the sidecar not.
PG_CRON_RUNS_MAINTENANCE = """
select exists (select from pg_extension where extname = 'pg_cron')
    and exists (select from cron.job where jobname = 'wahook-cleanup-stuck') as answer
"""


@dataclass(frozen=True)
class Answer:
    answer: bool


@dataclass(frozen=True)
class MaintenanceSummary:
    summary: dict[str, Any]


class MaintenanceCalls(Pool):
    """The maintenance calls of Database."""

    async def _ask(self, query: str) -> bool:
        async with self.connection() as conn, conn.cursor(row_factory=class_row(Answer)) as cur:
            await cur.execute(query)
            row = await cur.fetchone()
            return bool(row and row.answer)

    async def pg_cron_runs_maintenance(self) -> bool:
        if not await self._ask(PG_CRON_INSTALLED):
            return False
        # A service login may not look into schema cron: where pg_cron is installed, `wahook db push`
        # scheduled the jobs (serve and worker check that it ran). cron.job shows a login only its
        # own jobs, so one that may look but finds none runs the timer as well: harmless,
        # run_maintenance's advisory lock lets one pass run at a time.
        if not await self._ask(PG_CRON_JOBS_READABLE):
            return True
        return await self._ask(PG_CRON_RUNS_MAINTENANCE)

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

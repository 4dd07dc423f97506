"""The engine's maintenance where pg_cron does not run it: wahook.run_maintenance() on a timer.

Every instance runs the timer; the function's advisory lock lets one of them do the work.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from wahook.db import Database, DatabaseUnavailable

log = logging.getLogger(__name__)


async def run_maintenance_loop(
    database: Database, stop: asyncio.Event, interval_seconds: float = 60.0
) -> None:
    if await database.pg_cron_runs_maintenance():
        log.info(
            "pg_cron runs the maintenance jobs in this database", extra={"event": "maintenance_by_pg_cron"}
        )
        return
    log.info("pg_cron is absent: running maintenance on a timer", extra={"event": "maintenance_by_timer"})
    while not stop.is_set():
        try:
            summary = await database.run_maintenance()
            log.info("maintenance ran", extra={"event": "maintenance_ran", "outcomes": summary})
        except DatabaseUnavailable as exc:
            log.warning("maintenance skipped: database unavailable", extra={"error": str(exc)})
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(interval_seconds):
                await stop.wait()

"""The engine's SQL API as typed async calls: one call per operation, the SQL text in one place."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import AsyncConnection
from psycopg.rows import TupleRow, class_row
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from wahook.errors import translate

PROCESS_MESSAGE = """
select kind, external_id, conversation_id, outcome
from wahook.process_message(%(body)s::jsonb, %(correlation_id)s)
"""


RUN_MAINTENANCE = "select wahook.run_maintenance()"

# The jobs db push schedules; when they exist here, pg_cron runs maintenance and the sidecar not.
PG_CRON_RUNS_MAINTENANCE = """
select exists (select from pg_extension where extname = 'pg_cron')
    and exists (select from cron.job where jobname = 'wahook-cleanup-stuck')
"""
PG_CRON_INSTALLED = "select exists (select from pg_extension where extname = 'pg_cron')"


class DatabaseUnavailable(Exception):
    """The database cannot be reached now; the caller should ask to be retried."""


# Connection trouble, rolled-back transactions (deadlock, serialisation), exhausted resources and
# shutdowns: worth a retry, never the caller's fault.
TRANSIENT_SQLSTATE_CLASSES = ("08", "40", "53", "57")


@dataclass(frozen=True)
class IngestRow:
    kind: str
    external_id: str | None
    conversation_id: int | None
    outcome: str


@asynccontextmanager
async def pooled_connection(pool: AsyncConnectionPool[Any]) -> AsyncIterator[AsyncConnection[TupleRow]]:
    """A pooled autocommit connection; database errors come out as domain exceptions."""
    try:
        async with pool.connection() as conn:
            yield conn
    except PoolTimeout as exc:
        raise DatabaseUnavailable("no database connection available") from exc
    except psycopg.Error as exc:
        if exc.sqlstate is None or exc.sqlstate.startswith(TRANSIENT_SQLSTATE_CLASSES):
            raise DatabaseUnavailable(f"the database is unavailable ({exc.sqlstate})") from exc
        raise translate(exc) from exc


class Database:
    def __init__(self, url: str, max_size: int = 10, timeout: float = 5.0) -> None:
        self.pool = AsyncConnectionPool(
            url,
            min_size=1,
            max_size=max_size,
            timeout=timeout,
            open=False,
            kwargs={"autocommit": True},
        )

    async def open(self) -> None:
        await self.pool.open()

    async def close(self) -> None:
        await self.pool.close()

    @property
    def url(self) -> str:
        return str(self.pool.conninfo)

    async def pg_cron_runs_maintenance(self) -> bool:
        async with self.connection() as conn:
            row = await (await conn.execute(PG_CRON_INSTALLED)).fetchone()
            if not row or not row[0]:
                return False
            row = await (await conn.execute(PG_CRON_RUNS_MAINTENANCE)).fetchone()
            return bool(row and row[0])

    async def run_maintenance(self) -> dict[str, object]:
        async with self.connection() as conn:
            row = await (await conn.execute(RUN_MAINTENANCE)).fetchone()
            return dict(row[0]) if row else {}

    def connection(self) -> AbstractAsyncContextManager[AsyncConnection[TupleRow]]:
        return pooled_connection(self.pool)

    async def process_message(self, body: str, correlation_id: str) -> list[IngestRow]:
        """Store one webhook body; returns once it is committed."""
        async with self.connection() as conn, conn.cursor(row_factory=class_row(IngestRow)) as cur:
            await cur.execute(PROCESS_MESSAGE, {"body": body, "correlation_id": correlation_id})
            return await cur.fetchall()

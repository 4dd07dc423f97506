"""The engine's SQL API as typed async calls: one call per operation, the SQL text in one place."""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
from psycopg.rows import class_row
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from wahook.errors import translate

PROCESS_MESSAGE = """
select kind, external_id, conversation_id, outcome
from wahook.process_message(%(body)s::jsonb, %(correlation_id)s)
"""


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

    async def process_message(self, body: str, correlation_id: str) -> list[IngestRow]:
        """Store one webhook body; returns once it is committed."""
        try:
            async with (
                self.pool.connection() as conn,
                conn.cursor(row_factory=class_row(IngestRow)) as cur,
            ):
                await cur.execute(PROCESS_MESSAGE, {"body": body, "correlation_id": correlation_id})
                return await cur.fetchall()
        except PoolTimeout as exc:
            raise DatabaseUnavailable("no database connection available") from exc
        except psycopg.Error as exc:
            if exc.sqlstate is None or exc.sqlstate.startswith(TRANSIENT_SQLSTATE_CLASSES):
                raise DatabaseUnavailable(f"the database is unavailable ({exc.sqlstate})") from exc
            raise translate(exc) from exc

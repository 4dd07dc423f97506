"""The connection side of the SQL API: the pool, database errors as domain exceptions, and the
retry for recording what has already happened."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, TypeVar

import psycopg
from psycopg import AsyncConnection
from psycopg.rows import AsyncRowFactory, TupleRow
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from wahook.errors import BY_SQLSTATE, WahookError, translate

T = TypeVar("T")
R = TypeVar("R")
Params = Mapping[str, Any] | None

# Connection trouble, rolled-back transactions (deadlock, serialisation), exhausted resources and
# shutdowns: worth a retry, never the caller's fault.
TRANSIENT_SQLSTATE_CLASSES = ("08", "40", "53", "57")


class DatabaseUnavailable(Exception):
    """The database cannot be reached now; the caller should ask to be retried."""


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


async def fetch_all(
    pool: AsyncConnectionPool[Any], rows: AsyncRowFactory[R], query: str, params: Params = None
) -> list[R]:
    """Every row of one statement on a pooled connection, made by `rows` (class_row(...))."""
    async with pooled_connection(pool) as conn, conn.cursor(row_factory=rows) as cur:
        await cur.execute(query, params)
        return await cur.fetchall()


async def fetch_one(
    pool: AsyncConnectionPool[Any], rows: AsyncRowFactory[R], query: str, params: Params = None
) -> R:
    """The one row of a statement that always returns one (a function call, or it raises)."""
    async with pooled_connection(pool) as conn, conn.cursor(row_factory=rows) as cur:
        await cur.execute(query, params)
        row = await cur.fetchone()
    if row is None:
        raise RuntimeError(f"no row from {query.split('(')[0].split()[-1]}")
    return row


def refusal(sqlstate: str, message: str | None) -> WahookError:
    """The domain exception of a row that a batched call refused (WH010, WH011, WH040...)."""
    return BY_SQLSTATE.get(sqlstate, WahookError)(message or sqlstate)


async def retry_while_unavailable(call: Callable[[], Awaitable[T]], attempts: int = 3) -> T:
    """Records an outcome that has already happened (a reply sent, an agent's answer), retrying
    briefly while the database is unavailable: doing the work again would cost more, or twice."""
    for attempt in range(1, attempts + 1):
        try:
            return await call()
        except DatabaseUnavailable:
            if attempt == attempts:
                raise
            await asyncio.sleep(0.2 * 2 ** (attempt - 1))
    raise AssertionError("unreachable")


class Pool:
    """A pool of autocommit connections to the database."""

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

    def connection(self) -> AbstractAsyncContextManager[AsyncConnection[TupleRow]]:
        return pooled_connection(self.pool)

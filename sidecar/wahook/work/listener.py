"""LISTEN/NOTIFY wake-ups: one dedicated connection per process, reconnecting on its own.

Notifications only make work start sooner; every loop that is woken also polls, so a lost
notification (or a listener that is reconnecting) costs latency, never a message.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping

import psycopg
from psycopg import sql

log = logging.getLogger(__name__)

# The channels the engine notifies at commit.
READY_CHANNEL = "wahook_ready"  # process_message: a conversation has work for the agent
OUTBOX_CHANNEL = "wahook_outbox"  # complete_turn: a reply is queued
MEDIA_CHANNEL = "wahook_media"  # process_message: a media message is to be fetched


async def listen(
    url: str,
    callbacks: Mapping[str, Callable[[], None]],
    stop: asyncio.Event,
    reconnect_seconds: float = 2.0,
) -> None:
    """Calls callbacks[channel]() for each notification until `stop` is set."""
    while not stop.is_set():
        try:
            async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
                for channel in callbacks:
                    await conn.execute(sql.SQL("listen {}").format(sql.Identifier(channel)))
                # Whatever was notified before LISTEN took effect is picked up by this round.
                for wake in callbacks.values():
                    wake()
                await _dispatch(conn, callbacks, stop)
        except psycopg.Error as exc:
            log.warning(
                "listener disconnected; relying on polling until it reconnects",
                extra={"event": "listener_disconnected", "error": type(exc).__name__},
            )
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(reconnect_seconds):
                await stop.wait()


async def _dispatch(
    conn: psycopg.AsyncConnection[object], callbacks: Mapping[str, Callable[[], None]], stop: asyncio.Event
) -> None:
    while not stop.is_set():
        # A bounded wait, so that `stop` is noticed without closing the connection under it.
        async for notify in conn.notifies(timeout=1.0):
            wake = callbacks.get(notify.channel)
            if wake:
                wake()


class Wakeup:
    """A poll timer that a notification can cut short."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def set(self) -> None:
        self._event.set()

    async def wait(self, stop: asyncio.Event, seconds: float) -> None:
        """Returns after that many seconds, on `set()`, or when `stop` is set, whichever is first."""
        waiters = {asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self._event.wait())}
        try:
            await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()
            await asyncio.gather(*waiters, return_exceptions=True)
        self._event.clear()

"""Alerts: one JSON POST ({"text": ...}, Slack-compatible) to WAHOOK_ALERT_WEBHOOK_URL when a health
check turns critical, and one when it recovers (is no longer critical).

Every instance runs the loop; the database decides who speaks. Each tick, in one transaction:
wahook.claim_alert_transitions() takes an advisory lock (another instance holding it gets no row)
and returns the checks whose state changed since the last announcement; each is POSTed and, once
the POST succeeded, recorded with wahook.record_alert_sent; then the transaction commits. A failed
POST is not recorded, so the next tick announces it again. A crash between a POST and the commit
can repeat that one announcement: at least once, never lost.

The URL is a secret (it carries the Slack token): it is never logged, and errors are logged by type.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from decimal import Decimal

import httpx

from wahook.config import AlertConfig
from wahook.db import Database, DatabaseUnavailable
from wahook.db.alerts import Transition, claim_alert_transitions, record_alert_sent
from wahook.work.alert_webhook import post_text
from wahook.work.handoff_alerts import notify_handoffs

log = logging.getLogger(__name__)


def alert_text(transition: Transition) -> str:
    figures = f"value {_number(transition.value)}, threshold {_number(transition.threshold)}"
    if transition.is_recovery:
        head = (
            f":white_check_mark: wahook: {transition.check_name} recovered "
            f"(now {transition.status}; {figures})"
        )
    else:
        head = f":rotating_light: wahook: {transition.check_name} is CRITICAL ({figures})"
    return f"{head}\n{transition.details}" if transition.details else head


def _number(value: Decimal | None) -> str:
    return "none" if value is None else format(value.normalize(), "f")


async def notify_once(database: Database, http: httpx.AsyncClient, url: str) -> list[Transition]:
    """One tick: announces the changes this instance claimed; returns those delivered."""
    delivered: list[Transition] = []
    async with database.connection() as conn, conn.transaction():
        for transition in await claim_alert_transitions(conn):
            if not await post_text(http, url, alert_text(transition), transition.check_name):
                continue
            await record_alert_sent(conn, transition)
            delivered.append(transition)
            log.info(
                f"alert sent: {transition.check_name} {transition.previous_status} -> {transition.status}",
                extra={"event": "alert_sent", "status": transition.status},
            )
        await notify_handoffs(conn, http, url)
    return delivered


async def run_alert_loop(
    database: Database,
    stop: asyncio.Event,
    settings: AlertConfig,
    http: httpx.AsyncClient | None = None,
) -> None:
    """Checks every settings.interval_seconds until `stop` is set; returns at once when no URL is set.
    `http` defaults to a client of its own (closed on return)."""
    if not settings.webhook_url:
        log.info("alerts off: WAHOOK_ALERT_WEBHOOK_URL is not set", extra={"event": "alerts_off"})
        return
    async with contextlib.AsyncExitStack() as stack:
        client = http
        if client is None:
            client = await stack.enter_async_context(httpx.AsyncClient(timeout=settings.timeout_seconds))
        log.info("alerts on", extra={"event": "alerts_on"})
        while not stop.is_set():
            try:
                await notify_once(database, client, settings.webhook_url)
            except DatabaseUnavailable as exc:
                log.warning("alert check skipped: database unavailable", extra={"error": type(exc).__name__})
            except Exception as exc:
                # By type only: a message could quote the URL.
                log.error(
                    "alert check failed", extra={"event": "alert_check_failed", "error": type(exc).__name__}
                )
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(settings.interval_seconds):
                    await stop.wait()

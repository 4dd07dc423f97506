"""GET /health/live, /health/ready and /metrics, and the dashboard's routes.

- /health/live answers 200 while the process serves HTTP; it never touches the database, so a
  database outage does not get healthy sidecars restarted.
Requests here have no login, so they read through pools of their own (wahook.app): a flood of
them cannot take the webhook path's connections.

- /health/ready answers 200 when the database answers `select 1` within READY_TIMEOUT_SECONDS and
  the app is not draining (app.state.stopping, an asyncio.Event set when shutdown begins); 503
  otherwise, so a load balancer stops sending webhooks here.
- /metrics: this process's counters and histogram (wahook.metrics), then gauges read from SQL at
  scrape time (queue depth, oldest pending age, DLQ pending, stuck conversations, every health
  check's status and value). When the database does not answer, wahook_database_up is 0 and the
  SQL gauges are left out rather than reported stale.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from dataclasses import dataclass

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from wahook import metrics
from wahook.db import Database, DatabaseUnavailable
from wahook.db.health import HealthCheck, QueueDepth, answers, read_health, read_queue_depth
from wahook.http import dashboard

log = logging.getLogger(__name__)

READY_TIMEOUT_SECONDS = 2.0
SCRAPE_TIMEOUT_SECONDS = 5.0
# The text format every Prometheus version reads (generate_latest writes it).
METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


@dataclass(frozen=True)
class SqlSnapshot:
    queue: QueueDepth
    checks: list[HealthCheck]

    def value_of(self, check_name: str) -> float:
        for check in self.checks:
            if check.check_name == check_name:
                return float(check.value) if check.value is not None else 0.0
        return 0.0


class SqlCollector(Collector):
    """The gauges of one scrape, from a snapshot read just before (None: the database is down)."""

    def __init__(self, snapshot: SqlSnapshot | None) -> None:
        self.snapshot = snapshot

    def collect(self) -> Iterator[Metric]:
        snap = self.snapshot
        yield GaugeMetricFamily(
            "wahook_database_up",
            "1 if the database answered this scrape's queries, else 0.",
            value=1 if snap else 0,
        )
        if snap is None:
            return
        yield GaugeMetricFamily(
            "wahook_queue_depth",
            "Inbound messages waiting for the agent (paused conversations left out).",
            value=snap.queue.pending_messages,
        )
        yield GaugeMetricFamily(
            "wahook_queue_oldest_pending_age_seconds",
            "Age of the oldest message waiting for the agent, in seconds (0 when none waits).",
            value=snap.value_of("oldest_pending_message_seconds"),
        )
        yield GaugeMetricFamily(
            "wahook_dlq_pending",
            "DLQ entries waiting for a retry (retry_scheduled or retrying).",
            value=snap.value_of("dlq_pending"),
        )
        yield GaugeMetricFamily(
            "wahook_stuck_conversations",
            "Conversations ready but unclaimed, or with an expired lease, for longer than the setting.",
            value=snap.value_of("stuck_conversations"),
        )
        status = GaugeMetricFamily(
            "wahook_health_check_status",
            "Status of each wahook.check_webhook_system_health() check: 0 ok, 1 warn, 2 critical.",
            labels=["check"],
        )
        value = GaugeMetricFamily(
            "wahook_health_check_value",
            "Value of each health check with a value (see docs/operations.md for units).",
            labels=["check"],
        )
        for check in snap.checks:
            # check_name is one of a fixed list of the SQL function, never an id.
            status.add_metric([check.check_name], check.level)
            if check.value is not None:
                value.add_metric([check.check_name], float(check.value))
        yield status
        yield value


async def read_snapshot(database: Database) -> SqlSnapshot | None:
    try:
        async with asyncio.timeout(SCRAPE_TIMEOUT_SECONDS):
            checks = await read_health(database)
            queue = await read_queue_depth(database)
    except (DatabaseUnavailable, TimeoutError) as exc:
        log.warning("metrics scrape without SQL gauges", extra={"error": type(exc).__name__})
        return None
    return SqlSnapshot(queue, checks)


async def live(request: Request) -> Response:
    return JSONResponse({"status": "live"})


def is_stopping(request: Request) -> bool:
    stopping = getattr(request.app.state, "stopping", None)
    return isinstance(stopping, asyncio.Event) and stopping.is_set()


async def ready(request: Request) -> Response:
    if is_stopping(request):
        return JSONResponse({"status": "draining"}, status_code=503)
    database: Database = request.app.state.readiness_database
    try:
        async with asyncio.timeout(READY_TIMEOUT_SECONDS):
            await answers(database)
    except (DatabaseUnavailable, TimeoutError) as exc:
        log.warning("not ready: database unreachable", extra={"error": type(exc).__name__})
        return JSONResponse({"status": "database unreachable"}, status_code=503)
    return JSONResponse({"status": "ready"})


async def metrics_page(request: Request) -> Response:
    scrape = CollectorRegistry(auto_describe=False)
    scrape.register(SqlCollector(await read_snapshot(request.app.state.observability_database)))
    body = generate_latest(metrics.REGISTRY) + generate_latest(scrape)
    return Response(body, media_type=METRICS_CONTENT_TYPE)


def routes() -> list[BaseRoute]:
    return [
        Route("/health/live", live, methods=["GET"]),
        Route("/health/ready", ready, methods=["GET"]),
        Route("/metrics", metrics_page, methods=["GET"]),
        *dashboard.routes(),
    ]

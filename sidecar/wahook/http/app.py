"""The Starlette application: routes, and in the lifespan the pool and, for `wahook serve` and
`wahook worker`, the background runtime (workers, sender, maintenance, alerts), stopped gracefully
before the pool closes. A worker serves health and metrics but no webhook endpoint."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from starlette.applications import Starlette
from starlette.routing import Route

from wahook.config import Config
from wahook.db import Database
from wahook.http import dev_graph, observability, webhook
from wahook.http.rollout import Rollout
from wahook.ingest.inbox import Inbox
from wahook.ingest.ingester import Ingester
from wahook.work.runtime import Background, running

LEGACY_TIMEOUT_SECONDS = 10.0
# /metrics and /dashboard (no login) read through a pool of their own, this small and this
# impatient, so however many of them arrive they never take the webhook path's connections: beyond
# it they answer 503 (the dashboard) or leave out the SQL gauges (metrics). /health/ready has one
# connection of its own besides, so neither a flood of page loads turns this instance unready
# (which would take it out of the load balancer) nor a flood of probes starves ingest.
OBSERVABILITY_POOL_SIZE = 2
OBSERVABILITY_POOL_TIMEOUT_SECONDS = 1.0
READINESS_POOL_SIZE = 1


def create_app(
    config: Config,
    rollout: Rollout | None = None,
    background: Background | None = None,
    *,
    webhook_endpoint: bool = True,
) -> Starlette:
    plan = rollout or Rollout()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        database = Database(config.session_url, timeout=config.pool_timeout_seconds)
        observability_database = Database(
            config.session_url, max_size=OBSERVABILITY_POOL_SIZE, timeout=OBSERVABILITY_POOL_TIMEOUT_SECONDS
        )
        readiness_database = Database(
            config.session_url, max_size=READINESS_POOL_SIZE, timeout=OBSERVABILITY_POOL_TIMEOUT_SECONDS
        )
        await database.open()
        await observability_database.open()
        await readiness_database.open()
        app.state.config = config
        app.state.database = database
        app.state.observability_database = observability_database
        app.state.readiness_database = readiness_database
        app.state.rollout = plan
        app.state.http = httpx.AsyncClient(timeout=LEGACY_TIMEOUT_SECONDS)
        # Set when shutdown begins: readiness turns 503 while turns in flight finish.
        app.state.stopping = asyncio.Event()
        try:
            async with contextlib.AsyncExitStack() as stack:
                if webhook_endpoint:
                    app.state.inbox = await stack.enter_async_context(ingesting(database, app.state.stopping))
                if background:
                    await stack.enter_async_context(
                        running(config.session_url, background, config.pool_timeout_seconds)
                    )
                try:
                    yield
                finally:
                    app.state.stopping.set()
        finally:
            await app.state.http.aclose()
            await readiness_database.close()
            await observability_database.close()
            await database.close()

    endpoint = [
        Route("/webhook", webhook.verify_subscription, methods=["GET"]),
        Route("/webhook", webhook.receive, methods=["POST"]),
    ]
    return Starlette(
        routes=[
            *(endpoint if webhook_endpoint else []),
            *observability.routes(),
            *(dev_graph.routes() if config.dev_graph else []),
        ],
        lifespan=lifespan,
    )


@asynccontextmanager
async def ingesting(database: Database, stop: asyncio.Event) -> AsyncIterator[Inbox]:
    """The inbox that acknowledgements store into, with the ingester running behind it until
    `stop`; stored bodies wait durably in the inbox for whichever ingester runs next."""
    inbox = Inbox(database.pool)
    ingester = Ingester(inbox)
    inbox.on_stored = ingester.wake
    task = asyncio.create_task(ingester.run(stop))
    try:
        yield inbox
    finally:
        stop.set()
        await task

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

from wahook import dev_graph, observability, webhook
from wahook.config import Config
from wahook.db import Database
from wahook.inbox import Inbox
from wahook.ingester import Ingester
from wahook.rollout import Rollout
from wahook.runtime import Background, running

LEGACY_TIMEOUT_SECONDS = 10.0


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
        database = Database(config.database_url, timeout=config.pool_timeout_seconds)
        await database.open()
        app.state.config = config
        app.state.database = database
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
                        running(config.database_url, background, config.pool_timeout_seconds)
                    )
                try:
                    yield
                finally:
                    app.state.stopping.set()
        finally:
            await app.state.http.aclose()
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

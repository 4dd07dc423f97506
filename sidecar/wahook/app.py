"""The Starlette application: routes, and the pool opened and closed in the lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from starlette.applications import Starlette
from starlette.routing import Route

from wahook import webhook
from wahook.config import Config
from wahook.db import Database
from wahook.rollout import Rollout

LEGACY_TIMEOUT_SECONDS = 10.0


def create_app(config: Config, rollout: Rollout | None = None) -> Starlette:
    plan = rollout or Rollout()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        database = Database(config.database_url, timeout=config.pool_timeout_seconds)
        await database.open()
        app.state.config = config
        app.state.database = database
        app.state.rollout = plan
        app.state.http = httpx.AsyncClient(timeout=LEGACY_TIMEOUT_SECONDS)
        try:
            yield
        finally:
            await app.state.http.aclose()
            await database.close()

    return Starlette(
        routes=[
            Route("/webhook", webhook.verify_subscription, methods=["GET"]),
            Route("/webhook", webhook.receive, methods=["POST"]),
        ],
        lifespan=lifespan,
    )

"""`wahook serve` and `wahook worker`: uvicorn on WAHOOK_HOST:WAHOOK_PORT with the background
runtime in the app's lifespan; a worker has health and metrics but no webhook endpoint.

`wahook serve` with WAHOOK_PROCESSES=N runs N processes on the one port (uvicorn's supervisor
binds it once and restarts a process that dies); each builds its app from the environment and is
a whole instance: endpoint, ingester and, unless WAHOOK_BACKGROUND=0, the background runtime, all
safe to run side by side because the engine leases and fences everything they share.
"""

from __future__ import annotations

import asyncio
import logging
import math

import uvicorn
from starlette.applications import Starlette
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from wahook import logs
from wahook.config import Config
from wahook.http.app import create_app
from wahook.http.rollout import Rollout
from wahook.work.runtime import Background

log = logging.getLogger(__name__)


def serve(config: Config, rollout: Rollout, background: Background) -> None:
    logs.configure()
    if config.insecure_dev and not config.app_secret:
        log.warning("WAHOOK_INSECURE_DEV=1 and no WA_APP_SECRET: webhook signatures are NOT checked")
    if config.processes > 1:
        # Each process reads the settings again (checked once already by the caller).
        run(config, "wahook.http.server:serve_app_from_env", processes=config.processes)
    else:
        run(config, create_app(config, rollout, background if config.background else None))


def serve_app_from_env() -> ASGIApp:
    """The app of one of WAHOOK_PROCESSES processes."""
    logs.configure()
    config = Config.from_env()
    app = create_app(config, Rollout.from_env(), Background.from_env() if config.background else None)
    return BodyDeadline(app, config.body_timeout_seconds)


def run_worker(config: Config, background: Background) -> None:
    logs.configure()
    run(config, create_app(config, background=background, webhook_endpoint=False))


def run(config: Config, app: Starlette | str, processes: int | None = None) -> None:
    """uvicorn turns SIGTERM and SIGINT into the lifespan's shutdown, where the runtime drains.
    A string names an app factory, which several processes need (it applies BodyDeadline itself).

    The endpoint faces the internet: limit_concurrency answers 503 to requests beyond it (counting
    open connections too) instead of queueing them without end, timeout_keep_alive closes idle
    connections, and BodyDeadline bounds a body that trickles in. uvicorn has no deadline for
    headers that trickle in: a reverse proxy in front (client_header_timeout) bounds those."""
    uvicorn.run(
        app if isinstance(app, str) else BodyDeadline(app, config.body_timeout_seconds),
        factory=isinstance(app, str),
        limit_concurrency=config.limit_concurrency,
        timeout_keep_alive=max(1, math.ceil(config.keep_alive_seconds)),
        workers=processes,
        host=config.host,
        port=config.port,
        log_config=None,
        access_log=False,
        server_header=False,
        # uvloop and httptools (dependencies): several times h11's requests per second.
        loop="uvloop",
        http="httptools",
    )


class BodyDeadline:
    """Answers 408 to a request whose body has not fully arrived within `seconds` of its start,
    so a client that sends slowly holds a concurrency slot (and the memory of its body) for that
    long at most. The app then sees the client as disconnected; what it answers is dropped."""

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        deadline: float | None = loop.time() + self.seconds
        expired = False
        started = False

        async def bounded_receive() -> Message:
            nonlocal deadline, expired
            if expired:
                return {"type": "http.disconnect"}
            try:
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                expired = True
                if not started:
                    await send(
                        {
                            "type": "http.response.start",
                            "status": 408,
                            "headers": [(b"content-type", b"application/json"), (b"connection", b"close")],
                        }
                    )
                    await send({"type": "http.response.body", "body": b'{"error": "request body too slow"}'})
                return {"type": "http.disconnect"}
            if message["type"] == "http.request" and not message.get("more_body", False):
                # The whole body is in: later receives wait for a disconnect, without a deadline.
                deadline = None
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if expired:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, bounded_receive, guarded_send)
        except Exception:
            # The app's complaint about the disconnect we made up; the client has its 408.
            if not expired:
                raise

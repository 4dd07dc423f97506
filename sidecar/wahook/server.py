"""`wahook serve` and `wahook worker`: uvicorn on WAHOOK_HOST:WAHOOK_PORT with the background
runtime in the app's lifespan; a worker has health and metrics but no webhook endpoint.

`wahook serve` with WAHOOK_PROCESSES=N runs N processes on the one port (uvicorn's supervisor
binds it once and restarts a process that dies); each builds its app from the environment and is
a whole instance: endpoint, ingester and, unless WAHOOK_BACKGROUND=0, the background runtime, all
safe to run side by side because the engine leases and fences everything they share.
"""

from __future__ import annotations

import logging

import uvicorn
from starlette.applications import Starlette

from wahook import logs
from wahook.app import create_app
from wahook.config import Config
from wahook.rollout import Rollout
from wahook.runtime import Background

log = logging.getLogger("wahook.server")


def serve(config: Config, rollout: Rollout, background: Background) -> None:
    logs.configure()
    if config.insecure_dev and not config.app_secret:
        log.warning("WAHOOK_INSECURE_DEV=1 and no WA_APP_SECRET: webhook signatures are NOT checked")
    if config.processes > 1:
        # Each process reads the settings again (checked once already by the caller).
        run(config, "wahook.server:serve_app_from_env", processes=config.processes)
    else:
        run(config, create_app(config, rollout, background if config.background else None))


def serve_app_from_env() -> Starlette:
    """The app of one of WAHOOK_PROCESSES processes."""
    logs.configure()
    config = Config.from_env()
    return create_app(config, Rollout.from_env(), Background.from_env() if config.background else None)


def run_worker(config: Config, background: Background) -> None:
    logs.configure()
    run(config, create_app(config, background=background, webhook_endpoint=False))


def run(config: Config, app: Starlette | str, processes: int | None = None) -> None:
    """uvicorn turns SIGTERM and SIGINT into the lifespan's shutdown, where the runtime drains.
    A string names an app factory, which several processes need."""
    uvicorn.run(
        app,
        factory=isinstance(app, str),
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

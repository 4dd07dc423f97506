"""`wahook serve` and `wahook worker`: uvicorn on WAHOOK_HOST:WAHOOK_PORT with the background
runtime in the app's lifespan; a worker has health and metrics but no webhook endpoint."""

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
    run(config, create_app(config, rollout, background))


def run_worker(config: Config, background: Background) -> None:
    logs.configure()
    run(config, create_app(config, background=background, webhook_endpoint=False))


def run(config: Config, app: Starlette) -> None:
    # uvicorn turns SIGTERM and SIGINT into the lifespan's shutdown, where the runtime drains.
    uvicorn.run(
        app,
        host=config.host,
        port=config.port,
        log_config=None,
        access_log=False,
        server_header=False,
    )

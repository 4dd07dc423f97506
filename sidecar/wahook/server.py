"""`wahook serve`: uvicorn on WAHOOK_HOST:WAHOOK_PORT."""

from __future__ import annotations

import logging

import uvicorn

from wahook import logs
from wahook.app import create_app
from wahook.config import Config
from wahook.rollout import Rollout

log = logging.getLogger("wahook.server")


def serve(config: Config, rollout: Rollout) -> None:
    logs.configure()
    if config.insecure_dev and not config.app_secret:
        log.warning("WAHOOK_INSECURE_DEV=1 and no WA_APP_SECRET: webhook signatures are NOT checked")
    uvicorn.run(
        create_app(config, rollout),
        host=config.host,
        port=config.port,
        log_config=None,
        access_log=False,
        server_header=False,
    )

"""Runs real ASGI apps (uvicorn, real HTTP on 127.0.0.1) in a thread for a test."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from starlette.types import ASGIApp

from wahook.config import Config
from wahook.http.app import create_app
from wahook.http.rollout import Rollout
from wahook.work.runtime import Background


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


@contextmanager
def running_app(app: ASGIApp, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve an ASGI app on a free port of `host` (loopback unless a test needs a bridge address
    that containers reach) until the block ends; yields the base URL."""
    port = free_port(host)
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_config=None, access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.01)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def running_sidecar(
    config: Config, rollout: Rollout | None = None, background: Background | None = None
) -> Iterator[str]:
    """The wahook app itself (with workers and sender when `background` is given); yields its base
    URL. Leaving the block shuts it down as SIGTERM would, background included."""
    with running_app(create_app(config, rollout, background)) as url:
        yield url

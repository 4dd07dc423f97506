"""GET /health/live and /health/ready over real HTTP: live never needs the database; ready needs it
to answer and the app not to be draining."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psycopg
import pytest
from psycopg import sql
from starlette.applications import Starlette

from tests.conftest import dbname_of
from tests.paths import REPO
from tests.server_support import free_port, running_app
from wahook.config import Config
from wahook.http.app import create_app


@pytest.fixture
def app(database_url: str) -> Starlette:
    return create_app(Config(database_url=database_url, app_secret="s", verify_token="t"))


def test_live_and_ready_answer_200_with_the_database_up(app: Starlette) -> None:
    with running_app(app) as url:
        live = httpx.get(f"{url}/health/live", timeout=5)
        ready = httpx.get(f"{url}/health/ready", timeout=5)
    assert (live.status_code, live.json()) == (200, {"status": "live"})
    assert (ready.status_code, ready.json()) == (200, {"status": "ready"})


def test_ready_is_503_while_draining_and_live_stays_200(app: Starlette) -> None:
    with running_app(app) as url:
        assert httpx.get(f"{url}/health/ready", timeout=5).status_code == 200
        # What the lifespan does when shutdown begins.
        stopping = getattr(app.state, "stopping", None)
        if not isinstance(stopping, asyncio.Event):
            stopping = asyncio.Event()
            app.state.stopping = stopping
        stopping.set()
        ready = httpx.get(f"{url}/health/ready", timeout=5)
        live = httpx.get(f"{url}/health/live", timeout=5)
    assert (ready.status_code, ready.json()) == (503, {"status": "draining"})
    assert live.status_code == 200


def test_ready_is_503_when_the_database_is_gone_while_live_stays_200(
    admin_url: str, database_url: str, app: Starlette
) -> None:
    with running_app(app) as url:
        assert httpx.get(f"{url}/health/ready", timeout=5).status_code == 200
        # The database disappears under the running app: its pooled connections are killed and no
        # new one can be opened (connections refused while the database does not allow them).
        name = dbname_of(database_url)
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(sql.SQL("alter database {} allow_connections false").format(sql.Identifier(name)))
            admin.execute(
                "select pg_terminate_backend(pid) from pg_stat_activity where datname = %s", (name,)
            )
        try:
            started = time.monotonic()
            ready = httpx.get(f"{url}/health/ready", timeout=10)
            elapsed = time.monotonic() - started
            live = httpx.get(f"{url}/health/live", timeout=5)
        finally:
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(
                    sql.SQL("alter database {} allow_connections true").format(sql.Identifier(name))
                )
    assert (ready.status_code, ready.json()) == (503, {"status": "database unreachable"})
    assert elapsed < 5, "readiness answers within its own short timeout"
    assert live.status_code == 200


def test_live_answers_without_any_database(tmp_path: Path) -> None:
    # A real `wahook serve`-like app whose database does not exist at all: the pool cannot open a
    # connection, yet live answers (and ready says why not).
    port = free_port()
    dead_url = f"postgresql://nobody@127.0.0.1:{free_port()}/nothing?connect_timeout=1"
    script = (
        "import uvicorn\n"
        "from wahook.http.app import create_app\n"
        "from wahook.config import Config\n"
        f"uvicorn.run(create_app(Config(database_url={dead_url!r})), host='127.0.0.1', port={port},"
        " log_config=None)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script], cwd=REPO, env=dict(os.environ), stderr=subprocess.DEVNULL
    )
    try:
        live = wait_for(f"http://127.0.0.1:{port}/health/live", proc)
        ready = httpx.get(f"http://127.0.0.1:{port}/health/ready", timeout=10)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
    assert live.status_code == 200
    assert ready.status_code == 503


def wait_for(url: str, proc: subprocess.Popen[bytes]) -> httpx.Response:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"the app exited with {proc.returncode}")
        try:
            return httpx.get(url, timeout=2)
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("the app did not start serving")

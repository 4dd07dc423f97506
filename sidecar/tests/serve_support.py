"""`wahook serve` as a real process for a test: started with an environment of the test's making,
ready once /health/ready answers, stopped with SIGTERM."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.fake_graph import FakeGraph, running_fake_graph
from tests.fake_openai import FakeOpenAI
from tests.pipeline_support import ACCESS_TOKEN, SECRET, running_fake_openai
from tests.server_support import free_port

# `wahook serve`'s agent in serving_with_provider: the OpenAI-compatible provider (its
# OPENAI_BASE_URL the stand-in's).
OPENAI_AGENT = {"WAHOOK_AGENT": "openai", "OPENAI_API_KEY": "serve-provider-key", "WAHOOK_MODEL": "gpt-4"}


def serve_environment(**settings: str) -> dict[str, str]:
    """The process environment without any WA_*, WAHOOK_* or DATABASE_URL of the caller's, plus
    `settings` (a free WAHOOK_PORT unless given)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WA_", "WAHOOK_", "DATABASE_URL"))}
    return {**env, "WAHOOK_PORT": str(free_port()), **settings}


@contextmanager
def running_serve(env: dict[str, str], log: Path | None = None, timeout: float = 30.0) -> Iterator[str]:
    """`wahook serve` with `env`; yields its base URL. Its log goes to the file `log` (a temporary
    one by default: a pipe could fill and stall a chatty server). Fails the test with the log's
    tail when it does not come up, and checks that it stopped cleanly."""
    with serve_process(env, log, timeout) as (url, _):
        yield url


@contextmanager
def serve_process(
    env: dict[str, str], log: Path | None = None, timeout: float = 30.0
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """running_serve, yielding the process too (its pid, its exit status once the block ended)."""
    url = f"http://127.0.0.1:{env['WAHOOK_PORT']}"
    with contextlib.ExitStack() as stack:
        if log is None:
            log = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "serve.log"
        sink = stack.enter_context(log.open("w"))
        server = subprocess.Popen(
            [sys.executable, "-m", "wahook.cli", "serve"], env=env, stdout=subprocess.DEVNULL, stderr=sink
        )
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    if httpx.get(f"{url}/health/ready", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    server.kill()
                    server.wait(timeout=30)
                    pytest.fail(f"wahook serve did not start: {log.read_text()[-2000:]}")
                time.sleep(0.1)
            yield url, server
        finally:
            if server.poll() is None:
                server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)
        # uvicorn re-raises the SIGTERM it handled once shut down gracefully.
        assert server.returncode in (0, -signal.SIGTERM), log.read_text()[-2000:]


@contextmanager
def serving_pipeline(
    database_url: str, graph_url: str, log: Path | None = None, /, **settings: str
) -> Iterator[str]:
    """`wahook serve` (the endpoint and its workers) on `database_url`, sending to the Graph API
    stand-in at `graph_url` with the tests' app secret and access token, workers polling every
    100 ms; `settings` add or override environment variables (WAHOOK_BACKGROUND="0": no workers).
    Its log goes to `log` (running_serve)."""
    defaults = {
        "DATABASE_URL": database_url,
        "WA_APP_SECRET": SECRET,
        "WA_VERIFY_TOKEN": "serve-verify-token",
        "WA_GRAPH_API_URL": graph_url,
        "WA_ACCESS_TOKEN": ACCESS_TOKEN,
        "WAHOOK_POLL_MS": "100",
    }
    env = serve_environment(**{**defaults, **settings})
    with running_serve(env, log) as url:
        yield url


@contextmanager
def serving_with_provider(
    database_url: str, provider: FakeOpenAI, log: Path | None = None, /, **settings: str
) -> Iterator[tuple[FakeGraph, str]]:
    """serving_pipeline with the OpenAI stand-in `provider` as its agent (OPENAI_AGENT), against a
    Graph API stand-in of its own; `settings` add or override environment variables after
    OPENAI_AGENT's. Yields the Graph API stand-in and the URL `wahook serve` takes webhooks at; what
    the stand-ins received stays readable after."""
    with (
        running_fake_graph() as (graph, graph_url),
        running_fake_openai(provider) as openai_url,
        serving_pipeline(
            database_url, graph_url, log, **{**OPENAI_AGENT, "OPENAI_BASE_URL": openai_url, **settings}
        ) as url,
    ):
        yield graph, url

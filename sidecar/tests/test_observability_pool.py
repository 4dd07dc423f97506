"""Pages without a login (/metrics, /dashboard, /health/ready) cannot starve the webhook path:
they read through pools of their own, and a body that trickles in is cut off (408)."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from urllib.parse import urlsplit

import httpx
import psycopg

from tests import traffic_support as traffic
from tests.server_support import running_app, running_sidecar
from tests.webhook_bodies import post_signed, text_message
from wahook.config import Config
from wahook.http.app import create_app
from wahook.http.server import BodyDeadline

# More slow page loads than the webhook pool has connections (10).
SLOW_PAGE_LOADS = 16


@contextmanager
def health_reads_blocked(database_url: str) -> Iterator[None]:
    """Every read of check_webhook_system_health() (the dashboard's and /metrics's first query)
    waits on this lock until the block ends; storing a webhook does not touch that table."""
    with psycopg.connect(database_url) as conn:
        conn.execute("lock table wahook_private.agent_turns in access exclusive mode")
        yield
        conn.rollback()


def test_a_flood_of_slow_dashboard_and_metrics_requests_leaves_webhooks_answered(database_url: str) -> None:
    config = Config(database_url=database_url, app_secret=traffic.SECRET, verify_token=traffic.VERIFY_TOKEN)
    pages = ["/dashboard/data.json", "/metrics"] * (SLOW_PAGE_LOADS // 2)
    with running_sidecar(config) as base, ThreadPoolExecutor(len(pages)) as pool:
        with health_reads_blocked(database_url):
            loads = [pool.submit(httpx.get, f"{base}{page}", timeout=30) for page in pages]
            time.sleep(1.0)  # the page loads are in, each waiting on the lock or for a connection
            started = time.monotonic()
            response = post_signed(base, text_message("15550001111", "wamid.flood.1"), traffic.SECRET)
            elapsed = time.monotonic() - started
            assert response.status_code == 200, response.text
            assert elapsed < 2.0, f"the webhook waited {elapsed:.1f} s behind the page loads"
            # Past their small pool the pages give up within its 1 s timeout rather than queue.
            time.sleep(1.5)
            turned_away = [load.result().status_code for load in loads if load.done()]
        assert turned_away, "no page load was turned away while the pool was busy"
        assert {load.result().status_code for load in loads} <= {200, 503}


def test_readiness_is_not_taken_down_by_slow_dashboard_loads(database_url: str) -> None:
    config = Config(database_url=database_url, app_secret=traffic.SECRET, verify_token=traffic.VERIFY_TOKEN)
    # The lock goes first on the way out, so the page loads finish before the pool joins them.
    with running_sidecar(config) as base, ThreadPoolExecutor(4) as pool, health_reads_blocked(database_url):
        for _ in range(4):
            pool.submit(httpx.get, f"{base}/dashboard/data.json", timeout=30)
        time.sleep(0.5)
        assert httpx.get(f"{base}/health/ready", timeout=5).status_code == 200


def test_a_body_that_trickles_in_is_cut_off_with_408(database_url: str) -> None:
    config = Config(database_url=database_url, app_secret=traffic.SECRET, verify_token=traffic.VERIFY_TOKEN)
    with running_app(BodyDeadline(create_app(config), seconds=1.0)) as base:
        address = urlsplit(base)
        with socket.create_connection((address.hostname, address.port), timeout=10) as client:
            client.sendall(
                b"POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b'Content-Length: 1000\r\n\r\n{"object":'
            )
            started = time.monotonic()
            answer = client.recv(4096)
            elapsed = time.monotonic() - started
        assert answer.startswith(b"HTTP/1.1 408"), answer
        assert elapsed < 5.0
        # A body that arrives in time is read as usual.
        response = post_signed(base, text_message("15550002222", "wamid.trickle.1"), traffic.SECRET)
        assert response.status_code == 200

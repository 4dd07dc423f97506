"""Real traffic for the observability tests: the app secret and verify token of their sidecar (the
webhooks they POST, signed with SECRET, come from tests/webhook_bodies.py), and agent turns driven
through the engine's SQL API (claim, complete, fail) the way a worker drives them."""

from __future__ import annotations

from typing import Any

import psycopg

from tests import work_support

SECRET = "observability-app-secret"
VERIFY_TOKEN = "observability-verify-token"


def run_turns(conn: psycopg.Connection[Any], fail_with: dict[int, str] | None = None) -> int:
    """Claims every ready conversation once; the n-th turn (from 0) fails with the code
    fail_with[n] (retryable), the others complete. Returns the number of turns."""
    failures = fail_with or {}
    n = 0
    while (turn := work_support.claim(conn, f"observability-worker-{n}")) is not None:
        if n in failures:
            work_support.fail(conn, turn, code=failures[n], message="provider said no")
        else:
            work_support.complete(conn, turn, reply=None)
        n += 1
    return n

"""Programs some tests need on the machine itself (a browser, load generators, Postgres server
binaries for clusters of their own). scripts/setup installs them on Debian; with
WAHOOK_TEST_POSTGRES=container the suite promises to need only Docker and Python, so there a
missing program skips the tests that need it, saying which, instead of failing them."""

from __future__ import annotations

import shutil

import pytest

from tests.postgres_container import container_mode

POSTGRES_BIN = "/usr/lib/postgresql/15/bin"


def require(program: str, purpose: str) -> str:
    """The path of `program` (a name on PATH, or an absolute path); fails, or in container mode
    skips, when it is missing."""
    path = shutil.which(program)
    if path is not None:
        return path
    message = f"{program} is not installed, and {purpose} needs it"
    if container_mode():
        pytest.skip(f"{message} (WAHOOK_TEST_POSTGRES=container needs only Docker)")
    pytest.fail(f"{message}: run scripts/setup, which installs it on Debian")


def chromium() -> str:
    """The headless browser of the dashboard's browser tests (require)."""
    return require("chromium", "the dashboard's browser test")

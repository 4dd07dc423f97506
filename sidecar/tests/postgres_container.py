"""The test server in a container, for WAHOOK_TEST_POSTGRES=container: the project's Postgres image
(docker/postgres: Postgres 15, pg_cron, pgTAP, pg_prove, plpgsql_check), built from this checkout and
started with testcontainers, so that a machine with Docker and Python alone runs the whole suite.

scripts/test starts it with `python -m tests.postgres_container start` (which prints shell
assignments of WAHOOK_TEST_DATABASE_URL and WAHOOK_TEST_PG_CONTAINER) and removes it at exit; the
pytest fixtures start one themselves when pytest runs alone (conftest.admin_url). testcontainers'
reaper (Ryuk) is off by default (TESTCONTAINERS_RYUK_DISABLED), since its image may not be
pullable and the container must outlive the starting process: whoever starts one removes it."""

from __future__ import annotations

import os
import secrets
import shlex
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from tests.paths import REPO

if TYPE_CHECKING:
    from testcontainers.core.container import DockerContainer

IMAGE = "wahook-postgres:15"
# The database pg_cron runs its jobs in, as on the embedded test cluster (scripts/pg test).
DATABASE = "wahook_test"
# Durability off, as on the embedded test cluster: tests need speed, not crash safety.
SERVER_SETTINGS = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
MODE_VARIABLE = "WAHOOK_TEST_POSTGRES"


def container_mode() -> bool:
    return os.environ.get(MODE_VARIABLE) == "container"


def start() -> tuple[DockerContainer, str]:
    """Builds the image (layers cached by Docker) and starts a container; (container, superuser URL)."""
    os.environ.setdefault("TESTCONTAINERS_RYUK_DISABLED", "true")
    # Imported here: the reaper setting is read at import, and only this mode needs Docker.
    from testcontainers.core.container import DockerContainer
    from testcontainers.core.image import DockerImage
    from testcontainers.core.wait_strategies import HealthcheckWaitStrategy

    DockerImage(path=REPO / "docker/postgres", tag=IMAGE, clean_up=False).build()
    password = secrets.token_hex(16)
    container = (
        DockerContainer(IMAGE)
        .with_env("POSTGRES_PASSWORD", password)
        .with_env("POSTGRES_DB", DATABASE)
        .with_exposed_ports(5432)
        .with_command(SERVER_SETTINGS)
        .with_kwargs(labels={"wahook.test": "postgres"})
        .waiting_for(HealthcheckWaitStrategy())
    )
    container.start()
    host, port = container.get_container_host_ip(), container.get_exposed_port(5432)
    return container, f"postgresql://postgres:{password}@{host}:{port}/{DATABASE}"


@contextmanager
def running() -> Iterator[str]:
    """A container for the block; yields its superuser URL and removes it (and its volume) after."""
    container, url = start()
    try:
        yield url
    finally:
        container.stop(force=True, delete_volume=True)


def main(argv: list[str]) -> int:
    if argv != ["start"]:
        print("usage: python -m tests.postgres_container start", file=sys.stderr)
        return 2
    container, url = start()
    print(f"WAHOOK_TEST_DATABASE_URL={shlex.quote(url)}")
    print(f"WAHOOK_TEST_PG_CONTAINER={shlex.quote(container.get_wrapped_container().id)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

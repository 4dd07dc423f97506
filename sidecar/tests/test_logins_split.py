"""Two logins: the schema owner pushes (`wahook db push`, or `serve` given
WAHOOK_MIGRATION_DATABASE_URL); `wahook serve` and `wahook worker` serve as a login that has only
the role wahook_service, which cannot read the private tables, and refuse a schema that is not the
one of their release."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

import httpx
import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import make_conninfo

from tests import traffic_support as traffic
from tests.login_support import create_login
from tests.pipeline_support import wait_until_none, wait_until_settled
from tests.server_support import free_port
from tests.webhook_bodies import post_signed, text_message
from wahook import cli
from wahook.db import Database

SERVING_LOGINS = """
select distinct usename::text from pg_stat_activity
where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'
"""

ServiceUrl = Callable[[str], str]


@pytest.fixture
def service_url(admin_url: str) -> Iterator[ServiceUrl]:
    """A fresh login that has only wahook_service; maps a database URL to the same database as it."""
    login, password = create_login(admin_url, "wahook_svc", "in role wahook_service")
    try:
        yield lambda url: make_conninfo(url, user=login, password=password)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(sql.SQL("drop role if exists {}").format(sql.Identifier(login)))


def serve_env(database_url: str, port: int, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WA_", "WAHOOK_", "DATABASE_URL"))}
    graph = f"http://127.0.0.1:{port}/dev/graph/v21.0"
    return {
        **env,
        "DATABASE_URL": database_url,
        "WA_APP_SECRET": traffic.SECRET,
        "WA_VERIFY_TOKEN": traffic.VERIFY_TOKEN,
        "WAHOOK_PORT": str(port),
        # Replies go to the sidecar's own Graph API stand-in, as with scripts/run.
        "WAHOOK_DEV_GRAPH": "1",
        "WA_ACCESS_TOKEN": "dev-access-token",
        "WA_GRAPH_API_URL": graph,
        "WAHOOK_POLL_MS": "100",
        **extra,
    }


def start(env: dict[str, str]) -> subprocess.Popen[str]:
    server = subprocess.Popen(
        [sys.executable, "-m", "wahook.cli", "serve"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{env['WAHOOK_PORT']}/health/ready", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            stop(server)
            _, stderr = server.communicate(timeout=30)
            pytest.fail(f"wahook serve did not start: {stderr[-2000:]}")
        time.sleep(0.1)


def stop(server: subprocess.Popen[str]) -> tuple[str, str]:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
    return server.communicate(timeout=30)


def test_serve_as_a_service_only_login_answers_webhooks_end_to_end(
    database_url: str, service_url: ServiceUrl
) -> None:
    serving_url = service_url(database_url)
    port = free_port()
    server = start(serve_env(serving_url, port))
    try:
        body = text_message("15550004444", "wamid.split.1", "hello")
        response = post_signed(f"http://127.0.0.1:{port}", body, traffic.SECRET)
        assert response.status_code == 200, response.text
        # Stored, ingested, answered by the echo agent and sent: every pool of the process works.
        wait_until_settled(database_url)
        with psycopg.connect(database_url) as conn:
            assert conn.execute("select status from wahook_private.outbound_messages").fetchall() == [
                ("sent",)
            ]
            logins = {row[0] for row in conn.execute(SERVING_LOGINS)}
        assert logins == {make_conninfo_user(serving_url)}, "every connection of serve is the service login"
        # That login is not the owner: the tables stay out of its reach.
        with psycopg.connect(serving_url) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("select count(*) from wahook_private.webhook_events")
    finally:
        stdout, stderr = stop(server)
    # uvicorn re-raises the SIGTERM it handled once shut down gracefully.
    assert server.returncode in (0, -signal.SIGTERM), stderr[-2000:]
    assert "owner of the wahook schema" not in stderr
    password = psycopg.conninfo.conninfo_to_dict(serving_url)["password"]
    assert str(password) not in stdout + stderr


def make_conninfo_user(url: str) -> str:
    return str(psycopg.conninfo.conninfo_to_dict(url)["user"])


def test_serve_pushes_with_the_migration_login_then_serves_as_the_service_login(
    empty_database_url: str, service_url: ServiceUrl
) -> None:
    port = free_port()
    env = serve_env(
        service_url(empty_database_url),
        port,
        WAHOOK_MIGRATION_DATABASE_URL=empty_database_url,
        WAHOOK_BACKGROUND="0",
    )
    server = start(env)
    try:
        body = text_message("15550005555", "wamid.split.2", "hello")
        assert post_signed(f"http://127.0.0.1:{port}", body, traffic.SECRET).status_code == 200
        wait_until_none(
            empty_database_url,
            "select 1 - count(*) from wahook_private.processed_webhook_messages",
            "the message is not ingested",
            30,
        )
    finally:
        stdout, stderr = stop(server)
    # uvicorn re-raises the SIGTERM it handled once shut down gracefully.
    assert server.returncode in (0, -signal.SIGTERM), stderr[-2000:]
    assert "applied db/schema/0001_schemas_and_roles.sql" in stdout


def refusal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], url: str, command: str
) -> str:
    for name in list(os.environ):
        if name.startswith(("WA_", "WAHOOK_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("WAHOOK_INSECURE_DEV", "1")
    assert cli.main([command]) == 2
    return capsys.readouterr().err


@pytest.mark.parametrize("command", ["serve", "worker"])
def test_serving_refuses_a_database_that_was_never_pushed(
    empty_database_url: str,
    service_url: ServiceUrl,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: str,
) -> None:
    said = refusal(monkeypatch, capsys, service_url(empty_database_url), command)
    assert "no wahook schema of this release" in said
    assert "wahook db push" in said and "WAHOOK_MIGRATION_DATABASE_URL" in said
    with psycopg.connect(empty_database_url) as conn:
        row = conn.execute("select to_regnamespace('wahook_private') is null").fetchone()
    assert row == (True,), "nothing was created"


def test_serving_refuses_a_schema_file_not_yet_applied(
    database_url: str,
    service_url: ServiceUrl,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        row = conn.execute(
            "delete from wahook_private.schema_migrations"
            " where name = (select max(name) from wahook_private.schema_migrations) returning name"
        ).fetchone()
    assert row is not None
    said = refusal(monkeypatch, capsys, service_url(database_url), "serve")
    assert f"not applied: {row[0]}" in said


def test_db_push_pushes_with_the_migration_login(
    empty_database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/nothing")
    monkeypatch.setenv("WAHOOK_MIGRATION_DATABASE_URL", empty_database_url)
    assert cli.main(["db", "push"]) == 0
    assert "applied db/schema/0001_schemas_and_roles.sql" in capsys.readouterr().out


def test_the_service_login_runs_maintenance_and_sees_whether_pg_cron_does(
    admin_url: str, database_url: str, service_url: ServiceUrl
) -> None:
    async def as_service(url: str) -> tuple[dict[str, object], bool]:
        database = Database(url)
        await database.open()
        try:
            return await database.run_maintenance(), await database.pg_cron_runs_maintenance()
        finally:
            await database.close()

    summary, _ = asyncio.run(as_service(service_url(database_url)))
    assert "purge_expired" in summary
    # The cluster's pg_cron database (the test database scripts/test pushes): the jobs are there,
    # scheduled by the owner, and the service login may not read cron.job.
    with psycopg.connect(admin_url) as conn:
        installed = conn.execute(
            "select exists (select from pg_extension where extname = 'pg_cron')"
        ).fetchone()
        row = conn.execute(
            "select exists (select from cron.job where jobname = 'wahook-cleanup-stuck'"
            " and database = current_database())"
            if installed == (True,)
            else "select false"
        ).fetchone()
    assert row is not None
    _, by_pg_cron = asyncio.run(as_service(service_url(admin_url)))
    assert by_pg_cron == row[0]

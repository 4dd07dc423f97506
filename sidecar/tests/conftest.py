"""Shared fixtures: each test that touches the database gets a fresh database cloned from a
template that is pushed once per run, on the server of WAHOOK_TEST_DATABASE_URL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from tests import postgres_container
from tests.fake_openai import FakeOpenAI
from tests.pipeline_support import running_fake_openai
from wahook.db import migrations


def url_for(base_url: str, dbname: str) -> str:
    return make_conninfo(base_url, dbname=dbname)


@pytest.fixture(scope="session")
def admin_url() -> Iterator[str]:
    """A superuser URL of the test server: WAHOOK_TEST_DATABASE_URL, else (WAHOOK_TEST_POSTGRES=
    container) a container of the project's Postgres image for this session."""
    url = os.environ.get("WAHOOK_TEST_DATABASE_URL")
    if url:
        yield url
    elif postgres_container.container_mode():
        with postgres_container.running() as container_url:
            yield container_url
    else:
        pytest.fail(
            "WAHOOK_TEST_DATABASE_URL is not set: run the tests with scripts/test "
            "(or set WAHOOK_TEST_POSTGRES=container to use a container)"
        )


def create_database(admin_url: str, name: str, template: str | None = None) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        query = sql.SQL("create database {}").format(sql.Identifier(name))
        if template:
            query += sql.SQL(" template {} strategy file_copy").format(sql.Identifier(template))
        conn.execute(query)


def drop_database(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))


@pytest.fixture(scope="session")
def template_db(admin_url: str) -> Iterator[str]:
    name = f"wahook_template_{os.getpid()}"
    drop_database(admin_url, name)
    create_database(admin_url, name)
    with psycopg.connect(url_for(admin_url, name), autocommit=True) as conn:
        conn.add_notice_handler(lambda _notice: None)
        migrations.push(conn, migrations.db_dir(), say=lambda _line: None)
        # The SQL fixtures of db/tests/fixtures (schema tests) serve pytest too.
        conn.execute("create schema tests")
        for fixture in sorted((migrations.db_dir() / "tests" / "fixtures").glob("*.sql")):
            conn.execute(fixture.read_text().encode())
        # Tests drive the engine's clock with wahook.now: honoured only where the owner turned the
        # test clock on (off in production; db/schema/0003_settings.sql).
        conn.execute("update wahook_private.settings set test_clock_enabled = true")
    yield name
    drop_database(admin_url, name)


@pytest.fixture
def empty_database_url(admin_url: str) -> Iterator[str]:
    """A fresh, empty database (nothing pushed)."""
    name = f"wahook_t_{uuid.uuid4().hex[:12]}"
    create_database(admin_url, name)
    yield url_for(admin_url, name)
    drop_database(admin_url, name)


@contextmanager
def pushed_database(admin_url: str, template_db: str) -> Iterator[str]:
    """A fresh database with the schema pushed, cloned from the template, dropped after the block."""
    name = f"wahook_t_{uuid.uuid4().hex[:12]}"
    create_database(admin_url, name, template=template_db)
    try:
        yield url_for(admin_url, name)
    finally:
        drop_database(admin_url, name)


@pytest.fixture
def database_url(admin_url: str, template_db: str) -> Iterator[str]:
    with pushed_database(admin_url, template_db) as url:
        yield url


@pytest.fixture
def conn(database_url: str) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    with psycopg.connect(database_url, autocommit=True) as connection:
        yield connection


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """The real webhook bodies of public test suites (sidecar/tests/fixtures/whatsapp, copied with
    their provenance in its MANIFEST.md; WAHOOK_FIXTURES_DIR overrides)."""
    path = Path(os.environ.get("WAHOOK_FIXTURES_DIR", Path(__file__).parent / "fixtures" / "whatsapp"))
    if not path.is_dir():
        pytest.fail(f"webhook fixtures not found at {path}")
    return path


@pytest.fixture
def fake_openai() -> FakeOpenAI:
    """The OpenAI-compatible stand-in (tests/fake_openai.py), for a test to script and inspect."""
    return FakeOpenAI()


@pytest.fixture
def openai_url(fake_openai: FakeOpenAI) -> Iterator[str]:
    """fake_openai served on 127.0.0.1: its base URL (OPENAI_BASE_URL, /v1 included)."""
    with running_fake_openai(fake_openai) as url:
        yield url


def dbname_of(url: str) -> str:
    return str(conninfo_to_dict(url)["dbname"])

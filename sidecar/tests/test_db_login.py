"""`wahook db login`: the owner makes a login with one of wahook's roles, as scripts/pg service-url
and the compose file's `migrate` service do; the login then works over TCP with that role alone."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import make_conninfo

from wahook import cli


@pytest.fixture
def login_name(admin_url: str) -> Iterator[str]:
    name = f"wahook_login_{secrets.token_hex(4)}"
    yield name
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("drop role if exists {}").format(sql.Identifier(name)))


def make_login(monkeypatch: pytest.MonkeyPatch, url: str, name: str, password: str, *role: str) -> int:
    monkeypatch.setenv("WAHOOK_LOGIN_PASSWORD", password)
    return cli.main(["db", "login", name, "--database-url", url, *role])


def test_service_login_runs_the_api_and_nothing_else(
    monkeypatch: pytest.MonkeyPatch, database_url: str, login_name: str
) -> None:
    password = secrets.token_hex(16)
    assert make_login(monkeypatch, database_url, login_name, password) == 0
    with psycopg.connect(make_conninfo(database_url, user=login_name, password=password)) as conn:
        assert conn.execute("select count(*) > 0 from wahook.applied_schema_files()").fetchone() == (True,)
        member = conn.execute(
            "select array_agg(b.rolname order by b.rolname) from pg_auth_members as m"
            " join pg_roles as b on b.oid = m.roleid join pg_roles as u on u.oid = m.member"
            " where u.rolname = current_user"
        ).fetchone()
        assert member == (["wahook_service"],)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("select * from wahook_private.settings")


def test_a_second_call_changes_the_password_and_the_old_one_fails(
    monkeypatch: pytest.MonkeyPatch, database_url: str, login_name: str
) -> None:
    first, second = secrets.token_hex(16), secrets.token_hex(16)
    assert make_login(monkeypatch, database_url, login_name, first) == 0
    assert make_login(monkeypatch, database_url, login_name, second) == 0
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(make_conninfo(database_url, user=login_name, password=first)).close()
    psycopg.connect(make_conninfo(database_url, user=login_name, password=second)).close()


def test_the_password_reaches_the_server_as_a_scram_verifier(
    monkeypatch: pytest.MonkeyPatch, admin_url: str, database_url: str, login_name: str
) -> None:
    password = secrets.token_hex(16)
    assert make_login(monkeypatch, database_url, login_name, password) == 0
    with psycopg.connect(admin_url) as conn:
        stored = conn.execute("select rolpassword from pg_authid where rolname = %s", [login_name]).fetchone()
    assert stored is not None and str(stored[0]).startswith("SCRAM-SHA-256$")
    assert password not in str(stored[0])


def test_reader_login(monkeypatch: pytest.MonkeyPatch, database_url: str, login_name: str) -> None:
    password = secrets.token_hex(16)
    assert make_login(monkeypatch, database_url, login_name, password, "--role", "wahook_reader") == 0
    with psycopg.connect(make_conninfo(database_url, user=login_name, password=password)) as conn:
        assert conn.execute("select count(*) from wahook.settings").fetchone() == (1,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("select wahook.update_settings('{}')")


@pytest.mark.parametrize(
    ("name", "password", "says"),
    [
        ("postgres", secrets.token_hex(16), "superuser or the login running this command"),
        ("Bad-Name", secrets.token_hex(16), "lower-case letters"),
        ("wahook_short_pw", "short", "at least 16 characters"),
    ],
)
def test_refusals_change_nothing(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    admin_url: str,
    database_url: str,
    name: str,
    password: str,
    says: str,
) -> None:
    assert make_login(monkeypatch, database_url, name, password) == 2
    assert says in capsys.readouterr().err
    with psycopg.connect(admin_url) as conn:
        superuser = conn.execute("select rolsuper from pg_roles where rolname = 'postgres'").fetchone()
        assert superuser == (True,)
        assert conn.execute("select from pg_roles where rolname = 'wahook_short_pw'").fetchone() is None

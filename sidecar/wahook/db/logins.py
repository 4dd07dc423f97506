"""Logins that are granted one of wahook's roles and nothing else: the serving login (wahook_service,
docs/operations.md "Two logins") and BI logins (wahook_reader). Made idempotently by the schema
owner; the password's SCRAM verifier is computed here, so the password itself never reaches the
server (nor its statement log)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import psycopg
from psycopg import sql
from psycopg.rows import class_row

from wahook.config.schema import LOGIN_PASSWORD_VARIABLE

ROLES = ("wahook_service", "wahook_reader")
_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")

_ROLE = """
select r.rolsuper as is_superuser, r.rolname = current_user as is_caller
from pg_catalog.pg_roles as r where r.rolname = %s
"""


@dataclass(frozen=True)
class ExistingRole:
    is_superuser: bool
    is_caller: bool


class LoginError(Exception):
    """The login cannot be made as asked; the message says why."""


def ensure_login(conn: psycopg.Connection[tuple[object, ...]], name: str, password: str, role: str) -> None:
    """Creates the login `name` if missing, sets its password and grants it `role`. An existing
    role keeps its other memberships; a superuser or the caller itself is refused, since stripping
    their attributes here would surprise."""
    if not _NAME.fullmatch(name):
        raise LoginError(f"a login name is lower-case letters, digits and _, not {name!r}")
    if role not in ROLES:
        raise LoginError(f"the role must be one of {', '.join(ROLES)}, not {role!r}")
    if len(password) < 16:
        raise LoginError(f"{LOGIN_PASSWORD_VARIABLE} must hold a password of at least 16 characters")
    with conn.transaction():
        if conn.execute("select 1 from pg_catalog.pg_roles where rolname = %s", [role]).fetchone() is None:
            raise LoginError(f"the role {role} is missing: run `wahook db push` first")
        with conn.cursor(row_factory=class_row(ExistingRole)) as cur:
            existing = cur.execute(_ROLE, [name]).fetchone()
        if existing and (existing.is_superuser or existing.is_caller):
            raise LoginError(f"{name} is a superuser or the login running this command: choose another name")
        login = sql.Identifier(name)
        if not existing:
            conn.execute(sql.SQL("create role {} login").format(login))
        verifier = conn.pgconn.encrypt_password(password.encode(), name.encode(), b"scram-sha-256")
        conn.execute(
            sql.SQL("alter role {} with login nosuperuser nocreatedb nocreaterole password {}").format(
                login, sql.Literal(verifier.decode())
            )
        )
        conn.execute(sql.SQL("grant {} to {}").format(sql.Identifier(role), login))

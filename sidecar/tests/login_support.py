"""Logins made for a test: roles are cluster-wide, so each gets a random name and password, and
the test drops it afterwards."""

from __future__ import annotations

import secrets

import psycopg
from psycopg import sql


def create_login(admin_url: str, prefix: str, *options: str) -> tuple[str, str]:
    """A new login `<prefix>_<random>` with a random password and the role options given as SQL
    (e.g. "in role wahook_reader"); returns (name, password)."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    password = secrets.token_hex(16)
    query = sql.SQL("create role {} login password {} ").format(sql.Identifier(name), sql.Literal(password))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(query + sql.SQL(" ".join(options)))
    return name, password

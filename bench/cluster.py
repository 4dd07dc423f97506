"""The Postgres server the suite runs on: by default the `bench` cluster of scripts/pg (durability on:
fsync and synchronous_commit as in production), or any server given by URL. Each measurement gets a
fresh database of its own on it."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from bench.procs import REPO

CLUSTER = "bench"


def start_cluster() -> str:
    """Starts (creating if needed) the bench cluster; returns its URL."""
    out = subprocess.run(
        [str(REPO / "scripts/pg"), "start", CLUSTER], capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def stop_cluster() -> None:
    subprocess.run([str(REPO / "scripts/pg"), "stop", CLUSTER], check=True)


def with_database(url: str, dbname: str) -> str:
    params = conninfo_to_dict(url)
    params["dbname"] = dbname
    return make_conninfo(**params)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Server:
    url: str

    def fresh_database(self, name: str) -> str:
        """Drops and creates database `name`; returns its URL."""
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))
            conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
        return with_database(self.url, name)

    def drop_database(self, name: str) -> None:
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))

    def postmaster_pid(self) -> int:
        """The server's main process (the parent of every backend): a local server only."""
        with psycopg.connect(self.url, autocommit=True) as conn:
            backend = conn.info.backend_pid
            stat = Path(f"/proc/{backend}/stat").read_text()
        return int(stat.rsplit(")", 1)[1].split()[1])

    def describe(self) -> dict[str, str]:
        with psycopg.connect(self.url, autocommit=True) as conn:
            names = ("server_version", "fsync", "synchronous_commit", "full_page_writes", "shared_buffers")
            return {
                name: str(conn.execute(sql.SQL("show {}").format(sql.Identifier(name))).fetchone()[0])  # type: ignore[index]
                for name in names
            }

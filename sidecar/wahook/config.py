"""Settings from the environment, read once at start-up."""

from __future__ import annotations

import os
from dataclasses import dataclass

from psycopg.conninfo import conninfo_to_dict, make_conninfo


class ConfigError(Exception):
    """A setting is missing or invalid; the message says which and how to fix it."""


@dataclass(frozen=True)
class Config:
    database_url: str
    app_secret: str = ""
    verify_token: str = ""
    insecure_dev: bool = False
    host: str = "127.0.0.1"
    port: int = 8080
    max_body_bytes: int = 3 * 1024 * 1024
    # How long a request waits for a database connection before answering 503.
    pool_timeout_seconds: float = 5.0
    # WAHOOK_DEV_GRAPH=1: serve wahook.dev_graph (scripts/run without a real WhatsApp number).
    dev_graph: bool = False
    # `wahook serve`: WAHOOK_PROCESSES processes share the port; WAHOOK_BACKGROUND=0 leaves workers,
    # sender and maintenance to `wahook worker` processes.
    processes: int = 1
    background: bool = True
    # Every statement of the sidecar's connections is cancelled after this long (57014, which the
    # callers answer as 503), and so is a transaction left idle that long; 0 turns both off.
    statement_timeout_ms: int = 30_000
    # uvicorn: requests (and open connections) served at once before new ones get 503, and how
    # long an idle keep-alive connection is kept. A request body must arrive within
    # body_timeout_seconds (408 otherwise), so a slow client cannot hold a slot for long.
    limit_concurrency: int = 1000
    keep_alive_seconds: float = 5.0
    body_timeout_seconds: float = 30.0

    @property
    def session_url(self) -> str:
        """database_url with the session settings of every connection the process opens (the
        pools and the LISTEN connection): given as connection options, so they bind whatever
        login the URL names (a login does not inherit its roles' settings)."""
        if self.statement_timeout_ms <= 0:
            return self.database_url
        given = str(conninfo_to_dict(self.database_url).get("options") or "")
        ours = (
            f"-c statement_timeout={self.statement_timeout_ms} "
            f"-c idle_in_transaction_session_timeout={self.statement_timeout_ms}"
        )
        # Ours first: an `options` of the URL itself still wins, being read later.
        return make_conninfo(self.database_url, options=f"{ours} {given}".strip())

    def __repr__(self) -> str:
        # Secrets never reach logs or tracebacks through a repr.
        return (
            f"Config(host={self.host!r}, port={self.port}, processes={self.processes}, "
            f"background={self.background}, insecure_dev={self.insecure_dev}, "
            f"statement_timeout_ms={self.statement_timeout_ms}, limit_concurrency={self.limit_concurrency})"
        )

    @classmethod
    def from_env(cls, database_url: str | None = None) -> Config:
        url = database_url or os.environ.get("DATABASE_URL", "")
        if not url:
            raise ConfigError("DATABASE_URL is not set (scripts/run sets it to the embedded Postgres)")
        port_text = os.environ.get("WAHOOK_PORT", "8080")
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise ConfigError(f"WAHOOK_PORT must be a port number, not {port_text!r}")
        processes_text = os.environ.get("WAHOOK_PROCESSES", "1")
        if not processes_text.isdigit() or not 1 <= int(processes_text) <= 64:
            raise ConfigError(f"WAHOOK_PROCESSES must be 1 to 64, not {processes_text!r}")
        background_text = os.environ.get("WAHOOK_BACKGROUND", "1")
        if background_text not in ("0", "1"):
            raise ConfigError(f"WAHOOK_BACKGROUND must be 0 or 1, not {background_text!r}")
        return cls(
            database_url=url,
            statement_timeout_ms=int(number_from_env("WAHOOK_STATEMENT_TIMEOUT_MS", 30_000, minimum=0)),
            limit_concurrency=int(number_from_env("WAHOOK_LIMIT_CONCURRENCY", 1000, minimum=1)),
            keep_alive_seconds=number_from_env("WAHOOK_KEEPALIVE_SECONDS", 5.0, minimum=1),
            body_timeout_seconds=number_from_env("WAHOOK_BODY_TIMEOUT_SECONDS", 30.0, minimum=1),
            app_secret=os.environ.get("WA_APP_SECRET", ""),
            verify_token=os.environ.get("WA_VERIFY_TOKEN", ""),
            insecure_dev=os.environ.get("WAHOOK_INSECURE_DEV", "") == "1",
            host=os.environ.get("WAHOOK_HOST", "127.0.0.1"),
            port=int(port_text),
            dev_graph=os.environ.get("WAHOOK_DEV_GRAPH", "") == "1",
            processes=int(processes_text),
            background=background_text == "1",
        )

    def require_secrets(self) -> None:
        """Refuse to serve webhooks without the app secret and verify token, unless insecure."""
        missing = [
            name
            for name, value in (("WA_APP_SECRET", self.app_secret), ("WA_VERIFY_TOKEN", self.verify_token))
            if not value
        ]
        if missing and not self.insecure_dev:
            raise ConfigError(
                f"{' and '.join(missing)} not set: wahook will not accept unverifiable webhooks "
                "(set WAHOOK_INSECURE_DEV=1 for local development only)"
            )


def number_from_env(name: str, default: float, *, minimum: float) -> float:
    text = os.environ.get(name, "")
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise ConfigError(f"{name} must be a number, not {text!r}") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum:g}, not {text!r}")
    return value

"""The server's settings: the database, the webhook secrets, where and how to listen."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from psycopg.conninfo import conninfo_to_dict, make_conninfo

from wahook.config.environment import ConfigError, at_least, environ
from wahook.config.redaction import redacted_repr, secret


@dataclass(frozen=True)
class Config:
    database_url: str = secret(required=True)
    app_secret: str = secret()
    verify_token: str = secret()
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
    # WAHOOK_DASHBOARD_TOKEN: the bearer token the dashboard's actions (a person's reply, resume)
    # require; empty: they are off.
    dashboard_token: str = secret()
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
        # The database URL (its password), the app secret and the tokens never reach logs or
        # tracebacks through a repr.
        return redacted_repr(self)

    @classmethod
    def from_env(cls, database_url: str | None = None, env: Mapping[str, str] | None = None) -> Config:
        """`database_url`, when given, stands for DATABASE_URL (a command's --database-url)."""
        env = environ(env)
        url = database_url or env.get("DATABASE_URL", "")
        if not url:
            raise ConfigError("DATABASE_URL is not set (scripts/run sets it to the embedded Postgres)")
        port_text = env.get("WAHOOK_PORT", "8080")
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise ConfigError(f"WAHOOK_PORT must be a port number, not {port_text!r}")
        processes_text = env.get("WAHOOK_PROCESSES", "1")
        if not processes_text.isdigit() or not 1 <= int(processes_text) <= 64:
            raise ConfigError(f"WAHOOK_PROCESSES must be 1 to 64, not {processes_text!r}")
        background_text = env.get("WAHOOK_BACKGROUND", "1")
        if background_text not in ("0", "1"):
            raise ConfigError(f"WAHOOK_BACKGROUND must be 0 or 1, not {background_text!r}")
        return cls(
            database_url=url,
            statement_timeout_ms=int(at_least(env, "WAHOOK_STATEMENT_TIMEOUT_MS", 30_000, minimum=0)),
            limit_concurrency=int(at_least(env, "WAHOOK_LIMIT_CONCURRENCY", 1000, minimum=1)),
            keep_alive_seconds=at_least(env, "WAHOOK_KEEPALIVE_SECONDS", 5.0, minimum=1),
            body_timeout_seconds=at_least(env, "WAHOOK_BODY_TIMEOUT_SECONDS", 30.0, minimum=1),
            app_secret=app_secret(env),
            verify_token=env.get("WA_VERIFY_TOKEN", ""),
            insecure_dev=env.get("WAHOOK_INSECURE_DEV", "") == "1",
            host=env.get("WAHOOK_HOST", "127.0.0.1"),
            port=int(port_text),
            dev_graph=env.get("WAHOOK_DEV_GRAPH", "") == "1",
            processes=int(processes_text),
            background=background_text == "1",
            dashboard_token=env.get("WAHOOK_DASHBOARD_TOKEN", ""),
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


def app_secret(env: Mapping[str, str] | None = None) -> str:
    """WA_APP_SECRET: it checks webhooks (Config) and signs test bodies (`wahook sign`)."""
    return environ(env).get("WA_APP_SECRET", "")

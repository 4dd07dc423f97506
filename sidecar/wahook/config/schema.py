"""The schema owner's side: the login that pushes, the db/ folder it pushes, and the password of the
logins it makes (`wahook db push`, `wahook db login`, and `serve`/`worker` before they start)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from wahook.config.environment import environ
from wahook.config.redaction import redacted_repr, secret

# Named in the commands' help and hints.
MIGRATION_URL_VARIABLE = "WAHOOK_MIGRATION_DATABASE_URL"
LOGIN_PASSWORD_VARIABLE = "WAHOOK_LOGIN_PASSWORD"


@dataclass(frozen=True)
class SchemaSettings:
    # The schema owner's login (its URL carries a password); empty: none given.
    migration_database_url: str = secret()
    # The db/ folder; empty: the checkout's.
    db_dir: str = ""
    # From the environment, never an argument: arguments are visible to every user of the machine.
    login_password: str = secret()

    def __repr__(self) -> str:
        # The owner's URL and the password never reach logs or tracebacks through a repr.
        return redacted_repr(self)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> SchemaSettings:
        env = environ(env)
        return cls(
            migration_database_url=env.get(MIGRATION_URL_VARIABLE, ""),
            db_dir=env.get("WAHOOK_DB_DIR", ""),
            login_password=env.get(LOGIN_PASSWORD_VARIABLE, ""),
        )

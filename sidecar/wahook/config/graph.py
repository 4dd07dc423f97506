"""The Graph API's settings: where the sender sends, with which token, how fast."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from wahook.config.environment import ConfigError, environ, seconds
from wahook.config.redaction import redacted_repr, secret
from wahook.outbox.ratelimit import DEFAULT_MESSAGES_PER_SECOND

DEFAULT_GRAPH_API_URL = "https://graph.facebook.com/v21.0"


@dataclass(frozen=True)
class GraphSettings:
    # Includes the API version.
    base_url: str = DEFAULT_GRAPH_API_URL
    access_token: str = secret()
    # Sends per second and business number, in this process.
    sends_per_second: float = DEFAULT_MESSAGES_PER_SECOND

    def __repr__(self) -> str:
        # The token never reaches logs or tracebacks through a repr.
        return redacted_repr(self)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> GraphSettings:
        env = environ(env)
        sends_per_second = seconds(env, "WA_SENDS_PER_SECOND", DEFAULT_MESSAGES_PER_SECOND)
        if sends_per_second < 1:
            raise ConfigError(f"WA_SENDS_PER_SECOND must be at least 1, not {sends_per_second}")
        return cls(
            base_url=env.get("WA_GRAPH_API_URL") or DEFAULT_GRAPH_API_URL,
            access_token=env.get("WA_ACCESS_TOKEN", ""),
            sends_per_second=sends_per_second,
        )

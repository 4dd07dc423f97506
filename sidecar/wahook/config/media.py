"""The media fetch loop's settings (wahook.work.media_fetcher). Whether media is fetched at all is
the engine's setting media_fetch_enabled (SQL: ingest records media only then, and the turn claim
holds a conversation for it), so the loop runs in every process that runs turn workers and is idle
until there is media to fetch; these only size it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from wahook.config.environment import environ, positive_int


@dataclass(frozen=True)
class MediaSettings:
    # Media fetched at once in this process (each a Graph API call, a download and the reading).
    concurrency: int = 4
    # One attempt's Graph API call and download together; past it the attempt fails as retryable.
    # Keep it under the engine's media_lease_seconds (default 300), which also covers the reading.
    timeout_seconds: int = 120

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> MediaSettings:
        env = environ(env)
        return cls(
            concurrency=positive_int(env, "WAHOOK_MEDIA_CONCURRENCY", cls.concurrency),
            timeout_seconds=positive_int(env, "WAHOOK_MEDIA_TIMEOUT_SECONDS", cls.timeout_seconds),
        )

"""The turn workers' settings (wahook.work.worker)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from wahook.config.environment import environ, positive_int


@dataclass(frozen=True)
class WorkerSettings:
    # Turns in flight. They wait on the agent, not on a connection (claims, completions and
    # heartbeats are shared calls), so many are cheap: with a remote model each takes seconds.
    concurrency: int = 32
    # Polling fallback when no notification arrives.
    poll_seconds: float = 1.0
    # Each claim and heartbeat leases for this long; heartbeats come every third of it. None: the
    # engine's settings.lease_seconds (operators change it in SQL; WAHOOK_LEASE_SECONDS overrides it
    # for one process, tests set a short one).
    lease_seconds: int | None = None
    grace_seconds: float = 20.0
    # WA_MARK_READ=1: mark the newest inbound message read when its turn starts.
    mark_read: bool = False
    # WA_TYPING_INDICATOR=1: that read receipt also shows the customer "typing..." (up to 25 s, or
    # until the reply arrives); it marks the message read too, so it implies WA_MARK_READ.
    typing_indicator: bool = False

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> WorkerSettings:
        env = environ(env)
        return cls(
            concurrency=positive_int(env, "WAHOOK_WORKER_CONCURRENCY", cls.concurrency),
            poll_seconds=positive_int(env, "WAHOOK_POLL_MS", round(cls.poll_seconds * 1000)) / 1000,
            lease_seconds=positive_int(env, "WAHOOK_LEASE_SECONDS", 0) or None,
            grace_seconds=positive_int(env, "WAHOOK_SHUTDOWN_GRACE_SECONDS", round(cls.grace_seconds)),
            mark_read=env.get("WA_MARK_READ", "") == "1",
            typing_indicator=env.get("WA_TYPING_INDICATOR", "") == "1",
        )

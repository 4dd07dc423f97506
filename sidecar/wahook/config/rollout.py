"""The gradual rollout's settings (wahook.http.rollout routes by them)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Self

from wahook.config.environment import ConfigError, environ

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class RolloutSettings:
    enabled: bool = True
    users: frozenset[str] = frozenset()
    percentage: int = 100
    legacy_url: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Self:
        """Self: wahook.http.rollout.Rollout, the router, reads its settings through this."""
        env = environ(env)
        legacy = env.get("WA_LEGACY_WEBHOOK_URL") or None
        flag = env.get("WA_ENHANCED_PROCESSING", "").strip().lower()
        if flag and flag not in TRUE | FALSE:
            raise ConfigError(f"WA_ENHANCED_PROCESSING must be true or false, not {flag!r}")
        enabled = flag in TRUE if flag else legacy is None
        pct_text = env.get("WA_ENHANCED_ROLLOUT_PERCENTAGE", "100" if legacy is None else "0")
        if not pct_text.strip().isdigit() or not 0 <= int(pct_text) <= 100:
            raise ConfigError(f"WA_ENHANCED_ROLLOUT_PERCENTAGE must be 0 to 100, not {pct_text!r}")
        if legacy is None and (not enabled or int(pct_text) < 100):
            raise ConfigError("WA_LEGACY_WEBHOOK_URL must be set when not every sender uses wahook")
        users = frozenset(u.strip() for u in env.get("WA_ENHANCED_USERS", "").split(",") if u.strip())
        return cls(enabled=enabled, users=users, percentage=int(pct_text), legacy_url=legacy)

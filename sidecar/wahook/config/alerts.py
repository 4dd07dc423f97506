"""The alert loop's settings (wahook.work.alerts)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from wahook.config.environment import ConfigError, environ
from wahook.config.redaction import redacted_repr, secret


@dataclass(frozen=True)
class AlertConfig:
    # Carries the Slack token. Empty: no alerts.
    webhook_url: str = secret()
    interval_seconds: float = 30.0
    timeout_seconds: float = 10.0

    def __repr__(self) -> str:
        # The URL's token never reaches logs or tracebacks through a repr.
        return redacted_repr(self)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> AlertConfig:
        env = environ(env)
        interval_text = env.get("WAHOOK_ALERT_INTERVAL_SECONDS", "30")
        try:
            interval = float(interval_text)
        except ValueError:
            interval = 0.0
        if not 0 < interval <= 86400:
            raise ConfigError(
                f"WAHOOK_ALERT_INTERVAL_SECONDS must be seconds in (0, 86400], not {interval_text!r}"
            )
        return cls(webhook_url=env.get("WAHOOK_ALERT_WEBHOOK_URL", ""), interval_seconds=interval)

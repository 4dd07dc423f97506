"""The agent's settings: which provider, its model and budgets, the circuit breaker (meanings and
defaults in README.md, Environment)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from wahook.config.environment import ConfigError, environ, positive_int, positive_seconds, seconds
from wahook.config.redaction import redacted_repr, secret

AGENTS = ("echo", "openai")
DEFAULT_SYSTEM_PROMPT = (
    "You are a helpful assistant answering customers of this business on WhatsApp. "
    "Reply in the customer's language, briefly and politely, in plain text without markdown. "
    "If you do not know something, say so instead of guessing."
)


@dataclass(frozen=True)
class AgentSettings:
    agent: Literal["echo", "openai"] = "echo"
    openai_base_url: str = "https://api.openai.com/v1"
    openai_api_key: str = secret()
    model: str = "gpt-4o-mini"
    timeout_seconds: float = 10.0
    # The worker's own bound on a turn (context plus provider call), for a provider that ignores
    # its timeout: past it the call is cancelled and the turn fails as retryable (turn_deadline).
    turn_deadline_seconds: float = 60.0
    context_tokens: int = 8000
    reply_tokens: int = 500
    # Long: left out of the repr.
    system_prompt: str = field(default=DEFAULT_SYSTEM_PROMPT, repr=False)
    breaker_failures: int = 5
    breaker_reset_seconds: float = 30.0
    # Offer the agent the handoff_to_human tool (openai only; wahook.agent.handoff).
    handoff: bool = False

    def __repr__(self) -> str:
        # The API key never reaches logs or tracebacks through a repr.
        return redacted_repr(self)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> AgentSettings:
        """Read and check the variables; ConfigError names the variable and what is wrong with it."""
        env = environ(env)
        name = env.get("WAHOOK_AGENT", "").strip().lower() or "echo"
        if name not in AGENTS:
            raise ConfigError(f"WAHOOK_AGENT must be one of {', '.join(AGENTS)}, not {name!r}")
        agent: Literal["echo", "openai"] = "openai" if name == "openai" else "echo"
        key = env.get("OPENAI_API_KEY", "").strip()
        if agent == "openai" and not key:
            raise ConfigError("OPENAI_API_KEY is not set: WAHOOK_AGENT=openai needs it")
        base_url = env.get("OPENAI_BASE_URL", "").strip().rstrip("/") or cls.openai_base_url
        if not base_url.startswith(("http://", "https://")):
            raise ConfigError(f"OPENAI_BASE_URL must be an http(s) URL, not {base_url!r}")
        model = env.get("WAHOOK_MODEL", "").strip() or cls.model
        context_tokens = positive_int(env, "WAHOOK_CONTEXT_TOKENS", cls.context_tokens)
        reply_tokens = positive_int(env, "WAHOOK_REPLY_TOKENS", cls.reply_tokens)
        if reply_tokens >= context_tokens:
            raise ConfigError(
                f"WAHOOK_REPLY_TOKENS ({reply_tokens}) must be less than WAHOOK_CONTEXT_TOKENS "
                f"({context_tokens}): the prompt needs room too"
            )
        system_prompt = env.get("WAHOOK_SYSTEM_PROMPT", "").strip() or DEFAULT_SYSTEM_PROMPT
        reset_seconds = seconds(env, "WAHOOK_BREAKER_RESET_SECONDS", cls.breaker_reset_seconds)
        if reset_seconds < 0:
            raise ConfigError(f"WAHOOK_BREAKER_RESET_SECONDS must not be negative, not {reset_seconds}")
        timeout = positive_seconds(env, "WAHOOK_AGENT_TIMEOUT_SECONDS", cls.timeout_seconds)
        # Above the provider's own timeout, so a well-behaved provider always times out first and
        # reports its own error; the deadline only catches calls that never return.
        deadline = seconds(env, "WAHOOK_TURN_DEADLINE_SECONDS", max(cls.turn_deadline_seconds, 2 * timeout))
        if deadline <= timeout:
            raise ConfigError(
                f"WAHOOK_TURN_DEADLINE_SECONDS ({deadline:g}) must be more than "
                f"WAHOOK_AGENT_TIMEOUT_SECONDS ({timeout:g})"
            )
        return cls(
            agent=agent,
            openai_base_url=base_url,
            openai_api_key=key,
            model=model,
            timeout_seconds=timeout,
            turn_deadline_seconds=deadline,
            context_tokens=context_tokens,
            reply_tokens=reply_tokens,
            system_prompt=system_prompt,
            breaker_failures=positive_int(env, "WAHOOK_BREAKER_FAILURES", cls.breaker_failures),
            breaker_reset_seconds=reset_seconds,
            handoff=env.get("WAHOOK_AGENT_HANDOFF", "") == "1",
        )

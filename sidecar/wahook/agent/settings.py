"""Agent settings from the environment, read once at start-up.

| variable | meaning | default |
| --- | --- | --- |
| `WAHOOK_AGENT` | `echo` (built-in, offline) or `openai` (OpenAI-compatible HTTP API) | `echo` |
| `OPENAI_BASE_URL` | base URL of the chat completions API | `https://api.openai.com/v1` |
| `OPENAI_API_KEY` | its API key, sent as a bearer token; never logged | required for `openai` |
| `WAHOOK_MODEL` | model name sent to the API; also chooses the token encoding | `gpt-4o-mini` |
| `WAHOOK_AGENT_TIMEOUT_SECONDS` | overall time for one agent call, retries included | `10` |
| `WAHOOK_TURN_DEADLINE_SECONDS` | a turn's whole time, whatever the provider does | `60`, or 2 x timeout |
| `WAHOOK_CONTEXT_TOKENS` | the model's context window to use: prompt plus reply | `8000` |
| `WAHOOK_REPLY_TOKENS` | tokens kept for the reply (`max_tokens`) | `500` |
| `WAHOOK_SYSTEM_PROMPT` | the system prompt, always first in the context | see DEFAULT_SYSTEM_PROMPT |
| `WAHOOK_BREAKER_FAILURES` | consecutive failed calls that open the circuit breaker | `5` |
| `WAHOOK_BREAKER_RESET_SECONDS` | how long it stays open before one trial call | `30` |
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from wahook.config import ConfigError

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
    openai_api_key: str = ""
    model: str = "gpt-4o-mini"
    timeout_seconds: float = 10.0
    # The worker's own bound on a turn (context plus provider call), for a provider that ignores
    # its timeout: past it the call is cancelled and the turn fails as retryable (turn_deadline).
    turn_deadline_seconds: float = 60.0
    context_tokens: int = 8000
    reply_tokens: int = 500
    system_prompt: str = DEFAULT_SYSTEM_PROMPT
    breaker_failures: int = 5
    breaker_reset_seconds: float = 30.0

    def __repr__(self) -> str:
        # The API key never reaches logs or tracebacks through a repr.
        return (
            f"AgentSettings(agent={self.agent!r}, openai_base_url={self.openai_base_url!r}, "
            f"openai_api_key={'<set>' if self.openai_api_key else '<unset>'}, model={self.model!r}, "
            f"timeout_seconds={self.timeout_seconds}, turn_deadline_seconds={self.turn_deadline_seconds}, "
            f"context_tokens={self.context_tokens}, "
            f"reply_tokens={self.reply_tokens}, breaker_failures={self.breaker_failures}, "
            f"breaker_reset_seconds={self.breaker_reset_seconds})"
        )

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> AgentSettings:
        """Read and check the variables (from os.environ unless `env` is given); ConfigError
        names the variable and what is wrong with it."""
        env = os.environ if env is None else env
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
        reset_seconds = number(env, "WAHOOK_BREAKER_RESET_SECONDS", cls.breaker_reset_seconds)
        if reset_seconds < 0:
            raise ConfigError(f"WAHOOK_BREAKER_RESET_SECONDS must not be negative, not {reset_seconds}")
        timeout = number(env, "WAHOOK_AGENT_TIMEOUT_SECONDS", cls.timeout_seconds)
        if timeout <= 0:
            raise ConfigError(f"WAHOOK_AGENT_TIMEOUT_SECONDS must be more than 0, not {timeout}")
        # Above the provider's own timeout, so a well-behaved provider always times out first and
        # reports its own error; the deadline only catches calls that never return.
        deadline = number(env, "WAHOOK_TURN_DEADLINE_SECONDS", max(cls.turn_deadline_seconds, 2 * timeout))
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
        )


def positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    text = env.get(name, "").strip()
    if not text:
        return default
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise ConfigError(f"{name} must be a whole number of at least 1, not {text!r}")
    return int(text)


def number(env: Mapping[str, str], name: str, default: float) -> float:
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise ConfigError(f"{name} must be a number of seconds, not {text!r}") from None
    if not math.isfinite(value):
        raise ConfigError(f"{name} must be a finite number of seconds, not {text!r}")
    return value

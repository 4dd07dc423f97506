"""The provider the settings name: `echo` (built in, offline, the default) or `openai` (any
OpenAI-compatible chat completions endpoint, wahook.agent.openai_provider) behind its circuit
breaker."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from wahook.agent.breaker import CircuitBreaker
from wahook.agent.echo import EchoProvider
from wahook.agent.openai_provider import OpenAIProvider
from wahook.agent.tokens import TokenCounter
from wahook.agent.types import Provider

if TYPE_CHECKING:
    import httpx

    from wahook.config import AgentSettings


def make_provider(
    settings: AgentSettings,
    *,
    counter: TokenCounter | None = None,
    client: httpx.AsyncClient | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Provider:
    """The provider the settings name, with its circuit breaker. `counter` defaults to one for
    `settings.model`; `client` (not closed by the provider) and `clock` (the breaker's) are for
    tests and for sharing a connection pool."""
    counter = counter or TokenCounter(settings.model)
    if settings.agent == "echo":
        return EchoProvider(counter)
    return OpenAIProvider(
        base_url=settings.openai_base_url,
        api_key=settings.openai_api_key,
        model=settings.model,
        reply_tokens=settings.reply_tokens,
        timeout_seconds=settings.timeout_seconds,
        counter=counter,
        breaker=CircuitBreaker(settings.breaker_failures, settings.breaker_reset_seconds, clock=clock),
        client=client,
        handoff=settings.handoff,
    )

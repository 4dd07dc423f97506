"""The agent side of a turn: what a provider is given, what it answers, and how it fails.

A turn is all pending inbound messages of one conversation, answered by one provider call.
Providers: `echo` (built in, offline, the default) and `openai` (any OpenAI-compatible chat
completions endpoint, see wahook.openai_provider). `make_provider` picks one from AgentSettings.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from wahook.context import ChatMessage
from wahook.tokens import REPLY_PRIMING_TOKENS, TokenCounter

if TYPE_CHECKING:
    import httpx

    from wahook.agent_settings import AgentSettings


@dataclass(frozen=True)
class TurnMessage:
    """One inbound message of the turn: its row id, WhatsApp id, type and what the agent reads of it
    (`text`, decided once in SQL by wahook_private.message_reads_as: a text message's body, any
    other `[type]` or `[type] ` followed by what it says)."""

    id: int
    wamid: str
    type: str
    text: str


@dataclass(frozen=True)
class TurnInput:
    conversation_id: int
    customer_id: str
    # The inbound messages being answered, in conversation order.
    messages: list[TurnMessage]
    # The window to send (wahook.context.build_context): system prompt, history, current turn.
    context: list[ChatMessage]
    correlation_id: str | None = None


@dataclass(frozen=True)
class AgentReply:
    # None: the provider answered with nothing to send.
    text: str | None
    provider: str
    model: str
    tokens_in: int
    tokens_out: int
    latency_ms: int


class ProviderError(Exception):
    """A provider call failed. `code` is short and stable (for agent_sessions and metrics):
    timeout, rate_limited, server_error, unreachable, invalid_response, circuit_open, http_<status>,
    empty_turn. `retryable` says whether the same turn may succeed later; `retry_after` (seconds)
    is the provider's or the breaker's hint of when, if it gave one. Messages never contain
    credentials."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        retryable: bool,
        retry_after: float | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.retryable = retryable
        self.retry_after = retry_after
        self.status = status

    def __repr__(self) -> str:
        return f"ProviderError(code={self.code!r}, retryable={self.retryable}, message={str(self)!r})"


class Provider(Protocol):
    name: str

    async def reply(self, turn: TurnInput) -> AgentReply: ...

    async def aclose(self) -> None: ...


def echo_text(messages: Sequence[TurnMessage]) -> str:
    """The echo agent's answer: `echo: ` and the messages in order, joined by ` | `."""
    return "echo: " + " | ".join(m.text for m in messages)


class EchoProvider:
    """The built-in offline agent: answers each turn with one text that echoes it (DESIGN.md)."""

    name = "echo"

    def __init__(self, counter: TokenCounter, model: str = "echo") -> None:
        self.counter = counter
        self.model = model

    def __repr__(self) -> str:
        return f"EchoProvider(model={self.model!r})"

    async def reply(self, turn: TurnInput) -> AgentReply:
        started = time.monotonic()
        if not turn.messages:
            raise ProviderError("empty_turn", "the turn has no inbound messages", retryable=False)
        text = echo_text(turn.messages)
        return AgentReply(
            text=text,
            provider=self.name,
            model=self.model,
            tokens_in=REPLY_PRIMING_TOKENS + sum(m.tokens for m in turn.context),
            tokens_out=self.counter.count_text(text),
            latency_ms=round((time.monotonic() - started) * 1000),
        )

    async def aclose(self) -> None:
        return None


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
    # Imported here: the OpenAI provider and the breaker import this module.
    from wahook.breaker import CircuitBreaker
    from wahook.openai_provider import OpenAIProvider

    return OpenAIProvider(
        base_url=settings.openai_base_url,
        api_key=settings.openai_api_key,
        model=settings.model,
        reply_tokens=settings.reply_tokens,
        timeout_seconds=settings.timeout_seconds,
        counter=counter,
        breaker=CircuitBreaker(settings.breaker_failures, settings.breaker_reset_seconds, clock=clock),
        client=client,
    )

"""What a provider is given, what it answers, and how it fails: the types every provider and the
worker share.

A turn is all pending inbound messages of one conversation, answered by one provider call.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from wahook.agent.context import ChatMessage
from wahook.coded_error import CodedError


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
    # Not None: the agent asks for a person, for this reason (wahook.agent.handoff). The turn is
    # completed with `text` (if any) and its conversation paused for a human.
    handoff_reason: str | None = None


class ProviderError(CodedError):
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
        super().__init__(code, message, retryable)
        self.retry_after = retry_after
        self.status = status


class Provider(Protocol):
    name: str

    async def reply(self, turn: TurnInput) -> AgentReply: ...

    async def aclose(self) -> None: ...

"""The built-in offline agent, `echo`: the default, and what the tests and benchmarks answer with."""

from __future__ import annotations

import time
from collections.abc import Sequence

from wahook.agent.tokens import REPLY_PRIMING_TOKENS, TokenCounter
from wahook.agent.types import AgentReply, ProviderError, TurnInput, TurnMessage


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

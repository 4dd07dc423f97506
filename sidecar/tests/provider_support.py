"""Calling an agent provider from a synchronous test."""

from __future__ import annotations

import asyncio

from wahook.agent.openai_provider import OpenAIProvider
from wahook.agent.types import AgentReply, TurnInput


def call(provider: OpenAIProvider, turn: TurnInput) -> AgentReply:
    """The provider's reply to `turn`, in an event loop of its own; the provider is closed after."""

    async def scenario() -> AgentReply:
        try:
            return await provider.reply(turn)
        finally:
            await provider.aclose()

    return asyncio.run(scenario())

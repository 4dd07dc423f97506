"""The provider contract's handoff: the OpenAI-compatible provider offers `handoff_to_human` only
when asked to, and reads a call of it (from a real HTTP stand-in) as AgentReply.handoff_reason; the
echo agent never hands off; WAHOOK_AGENT_HANDOFF turns it on."""

from __future__ import annotations

import asyncio

from tests.fake_openai import FakeOpenAI, handoff_completion, tool_call
from tests.provider_support import call
from wahook.agent.context import ChatMessage
from wahook.agent.echo import EchoProvider
from wahook.agent.handoff import DEFAULT_REASON, HANDOFF_TOOL_NAME, handoff_reason
from wahook.agent.openai_provider import OpenAIProvider
from wahook.agent.tokens import TokenCounter
from wahook.agent.types import AgentReply, TurnInput, TurnMessage
from wahook.config import AgentSettings

COUNTER = TokenCounter("gpt-4")
TURN = TurnInput(
    conversation_id=7,
    customer_id="16505551234",
    messages=[TurnMessage(1, "wamid.A", "text", "I want a human")],
    context=[ChatMessage.counted(COUNTER, "user", "I want a human")],
)


def ask(base_url: str, handoff: bool) -> AgentReply:
    provider = OpenAIProvider(
        base_url=base_url, api_key="k", model="gpt-4", reply_tokens=50, counter=COUNTER, handoff=handoff
    )
    return call(provider, TURN)


def test_the_tool_is_offered_and_its_call_is_a_handoff_with_the_text_beside_it(
    fake_openai: FakeOpenAI, openai_url: str
) -> None:
    fake_openai.answer_next(handoff_completion("One moment.", '{"reason": "  wants a manager  "}'))
    reply = ask(openai_url, handoff=True)
    assert (reply.handoff_reason, reply.text) == ("wants a manager", "One moment.")
    [tool] = fake_openai.received[0].body["tools"]
    assert tool["type"] == "function"
    assert tool["function"]["name"] == HANDOFF_TOOL_NAME
    assert tool["function"]["parameters"]["required"] == ["reason"]


def test_a_call_without_text_hands_off_with_no_reply(fake_openai: FakeOpenAI, openai_url: str) -> None:
    fake_openai.answer_next(handoff_completion(None, "not json"))
    reply = ask(openai_url, handoff=True)
    assert (reply.handoff_reason, reply.text) == (DEFAULT_REASON, None)


def test_off_by_default_no_tool_is_offered_and_calls_are_ignored(
    fake_openai: FakeOpenAI, openai_url: str
) -> None:
    fake_openai.answer_next(handoff_completion("hi", '{"reason": "x"}'))
    reply = ask(openai_url, handoff=False)
    assert (reply.handoff_reason, reply.text) == (None, "hi")
    assert "tools" not in fake_openai.received[0].body


def test_only_the_handoff_tool_hands_off() -> None:
    assert handoff_reason({"tool_calls": [tool_call("lookup_order", '{"reason": "x"}')]}) is None
    assert handoff_reason({"tool_calls": "nonsense"}) is None
    assert handoff_reason({"content": "hi"}) is None
    long = handoff_reason({"tool_calls": [tool_call(HANDOFF_TOOL_NAME, '{"reason": "' + "r" * 5000 + '"}')]})
    assert long is not None and len(long) == 1000


def test_the_echo_agent_never_hands_off() -> None:
    reply = asyncio.run(EchoProvider(COUNTER).reply(TURN))
    assert (reply.text, reply.handoff_reason) == ("echo: I want a human", None)


def test_the_setting_reads_wahook_agent_handoff() -> None:
    assert AgentSettings.from_env({}).handoff is False
    assert AgentSettings.from_env({"WAHOOK_AGENT_HANDOFF": "1"}).handoff is True
    assert "handoff=True" in repr(AgentSettings.from_env({"WAHOOK_AGENT_HANDOFF": "1"}))

from __future__ import annotations

import asyncio

import pytest

from wahook.agent.context import ChatMessage, build_context
from wahook.agent.echo import EchoProvider, echo_text
from wahook.agent.openai_provider import OpenAIProvider
from wahook.agent.providers import make_provider
from wahook.agent.tokens import REPLY_PRIMING_TOKENS, TokenCounter
from wahook.agent.types import ProviderError, TurnInput, TurnMessage
from wahook.config import AgentSettings, ConfigError
from wahook.config.agent import DEFAULT_SYSTEM_PROMPT

COUNTER = TokenCounter("gpt-4")


def turn(*messages: TurnMessage) -> TurnInput:
    current = [ChatMessage.counted(COUNTER, "user", m.text) for m in messages]
    system = ChatMessage.counted(COUNTER, "system", "be nice")
    window = build_context(system, [], current, context_tokens=1000, reply_tokens=100)
    return TurnInput(
        conversation_id=7,
        customer_id="16505551234",
        messages=list(messages),
        context=window.messages,
        correlation_id="req-1",
    )


def test_echo_answers_a_text_image_location_turn_with_one_text() -> None:
    current = turn(
        TurnMessage(1, "wamid.A", "text", "Hi there"),
        TurnMessage(2, "wamid.B", "image", "[image]"),
        TurnMessage(3, "wamid.C", "location", "[location]"),
    )
    reply = asyncio.run(EchoProvider(COUNTER).reply(current))
    assert reply.text == "echo: Hi there | [image] | [location]"
    assert (reply.provider, reply.model) == ("echo", "echo")
    assert reply.tokens_in == REPLY_PRIMING_TOKENS + sum(m.tokens for m in current.context)
    assert reply.tokens_out == COUNTER.count_text("echo: Hi there | [image] | [location]")
    assert reply.latency_ms >= 0


def test_echo_repeats_exactly_what_each_message_reads_as() -> None:
    messages = [
        TurnMessage(1, "w1", "text", "  a | b  "),
        TurnMessage(2, "w2", "interactive", "[interactive] button text"),
        TurnMessage(3, "w3", "text", ""),
    ]
    assert echo_text(messages) == "echo:   a | b   | [interactive] button text | "
    assert echo_text(messages[:1]) == "echo:   a | b  "


def test_echo_refuses_an_empty_turn() -> None:
    empty = TurnInput(conversation_id=7, customer_id="1", messages=[], context=[], correlation_id=None)
    with pytest.raises(ProviderError) as info:
        asyncio.run(EchoProvider(COUNTER).reply(empty))
    assert (info.value.code, info.value.retryable) == ("empty_turn", False)


def test_settings_defaults() -> None:
    settings = AgentSettings.from_env({})
    assert settings == AgentSettings()
    assert settings.agent == "echo"
    assert settings.openai_base_url == "https://api.openai.com/v1"
    assert settings.model == "gpt-4o-mini"
    assert (settings.timeout_seconds, settings.context_tokens, settings.reply_tokens) == (10, 8000, 500)
    assert (settings.breaker_failures, settings.breaker_reset_seconds) == (5, 30)
    assert settings.system_prompt == DEFAULT_SYSTEM_PROMPT


def test_settings_from_the_environment_and_the_key_stays_out_of_the_repr() -> None:
    settings = AgentSettings.from_env(
        {
            "WAHOOK_AGENT": "openai",
            "OPENAI_BASE_URL": "http://127.0.0.1:9/v1/",
            "OPENAI_API_KEY": "sk-secret-123",
            "WAHOOK_MODEL": "gpt-4",
            "WAHOOK_AGENT_TIMEOUT_SECONDS": "2.5",
            "WAHOOK_CONTEXT_TOKENS": "4000",
            "WAHOOK_REPLY_TOKENS": "300",
            "WAHOOK_SYSTEM_PROMPT": "Be terse.",
            "WAHOOK_BREAKER_FAILURES": "3",
            "WAHOOK_BREAKER_RESET_SECONDS": "0.5",
        }
    )
    assert settings == AgentSettings(
        agent="openai",
        openai_base_url="http://127.0.0.1:9/v1",
        openai_api_key="sk-secret-123",
        model="gpt-4",
        timeout_seconds=2.5,
        context_tokens=4000,
        reply_tokens=300,
        system_prompt="Be terse.",
        breaker_failures=3,
        breaker_reset_seconds=0.5,
    )
    assert "sk-secret" not in repr(settings)
    assert "sk-secret" not in str(settings)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"WAHOOK_AGENT": "claude"}, "WAHOOK_AGENT must be one of echo, openai"),
        ({"WAHOOK_AGENT": "openai"}, "OPENAI_API_KEY is not set"),
        ({"OPENAI_BASE_URL": "api.openai.com"}, "OPENAI_BASE_URL must be an http"),
        ({"WAHOOK_CONTEXT_TOKENS": "lots"}, "WAHOOK_CONTEXT_TOKENS must be a whole number"),
        ({"WAHOOK_REPLY_TOKENS": "0"}, "WAHOOK_REPLY_TOKENS must be a whole number"),
        ({"WAHOOK_REPLY_TOKENS": "8000"}, "must be less than WAHOOK_CONTEXT_TOKENS"),
        ({"WAHOOK_AGENT_TIMEOUT_SECONDS": "0"}, "more than 0"),
        ({"WAHOOK_AGENT_TIMEOUT_SECONDS": "soon"}, "number of seconds"),
        ({"WAHOOK_BREAKER_RESET_SECONDS": "-1"}, "must not be negative"),
        ({"WAHOOK_BREAKER_RESET_SECONDS": "inf"}, "finite"),
        ({"WAHOOK_BREAKER_FAILURES": "0"}, "WAHOOK_BREAKER_FAILURES must be a whole number"),
    ],
)
def test_bad_settings_are_clear_errors(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        AgentSettings.from_env(env)


def test_the_factory_picks_the_provider_named_in_the_settings() -> None:
    echo = make_provider(AgentSettings(model="gpt-4"))
    assert isinstance(echo, EchoProvider)
    assert echo.name == "echo"
    settings = AgentSettings(
        agent="openai", openai_api_key="sk-secret-123", model="gpt-4", breaker_failures=2, timeout_seconds=3
    )
    openai = make_provider(settings)
    try:
        assert isinstance(openai, OpenAIProvider)
        assert openai.name == "openai"
        assert (openai.model, openai.reply_tokens, openai.timeout_seconds) == ("gpt-4", 500, 3)
        assert openai.url == "https://api.openai.com/v1/chat/completions"
        assert openai.breaker.failure_threshold == 2
        assert "sk-secret" not in repr(openai)
    finally:
        asyncio.run(openai.aclose())

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import httpx
import pytest

from tests.fake_openai import FakeOpenAI
from tests.provider_support import call
from tests.server_support import free_port
from wahook.agent.breaker import BreakerState, CircuitBreaker
from wahook.agent.context import ChatMessage
from wahook.agent.openai_provider import OpenAIProvider, retry_after
from wahook.agent.tokens import REPLY_PRIMING_TOKENS, TokenCounter
from wahook.agent.types import ProviderError, TurnInput, TurnMessage

KEY = "sk-test-key-do-not-leak"
COUNTER = TokenCounter("gpt-4")
CONTEXT = [
    ChatMessage.counted(COUNTER, "system", "be nice"),
    ChatMessage.counted(COUNTER, "user", "earlier question"),
    ChatMessage.counted(COUNTER, "assistant", "earlier answer"),
    ChatMessage.counted(COUNTER, "user", "Hi there"),
]
TURN = TurnInput(
    conversation_id=7,
    customer_id="16505551234",
    messages=[TurnMessage(1, "wamid.A", "text", "Hi there")],
    context=CONTEXT,
    correlation_id="req-123",
)


def state_of(breaker: CircuitBreaker) -> BreakerState:
    return breaker.state


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def provider(base_url: str, **options: Any) -> OpenAIProvider:
    options.setdefault("backoff_seconds", 0.01)
    return OpenAIProvider(
        base_url=base_url, api_key=KEY, model="gpt-4", reply_tokens=123, counter=COUNTER, **options
    )


def call_fails(p: OpenAIProvider) -> ProviderError:
    with pytest.raises(ProviderError) as info:
        call(p, TURN)
    assert KEY not in str(info.value)
    assert KEY not in repr(info.value)
    return info.value


def test_request_shape_auth_and_the_reply(fake_openai: FakeOpenAI, openai_url: str) -> None:
    reply = call(provider(openai_url), TURN)
    assert reply.text == "hello from the fake"
    assert (reply.provider, reply.model) == ("openai", "fake-model-0001")
    assert (reply.tokens_in, reply.tokens_out) == (42, 7)
    assert reply.latency_ms >= 0
    [request] = fake_openai.received
    assert request.body == {
        "model": "gpt-4",
        "messages": [
            {"role": "system", "content": "be nice"},
            {"role": "user", "content": "earlier question"},
            {"role": "assistant", "content": "earlier answer"},
            {"role": "user", "content": "Hi there"},
        ],
        "max_tokens": 123,
    }
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["x-client-request-id"] == "req-123"


def test_tokens_are_counted_when_the_answer_has_no_usage(fake_openai: FakeOpenAI, openai_url: str) -> None:
    fake_openai.usage = False
    reply = call(provider(openai_url), TURN)
    assert reply.tokens_in == REPLY_PRIMING_TOKENS + sum(m.tokens for m in CONTEXT)
    assert reply.tokens_out == COUNTER.count_text("hello from the fake")


def test_an_empty_answer_is_no_reply(fake_openai: FakeOpenAI, openai_url: str) -> None:
    fake_openai.reply_text = "  \n"
    assert call(provider(openai_url), TURN).text is None


@pytest.mark.parametrize(("status", "retry_after"), [(429, "0"), (500, None), (503, None), (429, None)])
def test_429_and_5xx_are_retried_then_succeed(
    fake_openai: FakeOpenAI,
    openai_url: str,
    status: int,
    retry_after: str | None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake_openai.fail_next(2, status, retry_after=retry_after)
    with caplog.at_level(logging.DEBUG):
        reply = call(provider(openai_url), TURN)
    assert reply.text == "hello from the fake"
    assert fake_openai.calls == 3
    retries = [r for r in caplog.records if r.name == "wahook.agent.openai_provider"]
    assert len(retries) == 2
    assert all(KEY not in r.getMessage() and KEY not in str(r.__dict__) for r in caplog.records)


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"retry-after": "3"}, 3.0),
        ({"retry-after": "0.5"}, 0.5),
        ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),
        ({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}, 0.0),
        ({"retry-after": "soon"}, None),
        ({"retry-after": "-1"}, None),
        ({}, None),
    ],
)
def test_retry_after_headers(headers: dict[str, str], seconds: float | None) -> None:
    assert retry_after(httpx.Response(429, headers=headers)) == seconds


def test_a_retry_after_that_does_not_fit_the_deadline_fails_at_once(
    fake_openai: FakeOpenAI, openai_url: str
) -> None:
    fake_openai.fail_next(1, 429, retry_after="60")
    error = call_fails(provider(openai_url, timeout_seconds=5))
    assert (error.code, error.retryable, error.retry_after, error.status) == ("rate_limited", True, 60, 429)
    assert fake_openai.calls == 1


def test_retries_stop_after_max_attempts(fake_openai: FakeOpenAI, openai_url: str) -> None:
    fake_openai.fail_next(10, 500)
    error = call_fails(provider(openai_url, max_attempts=3))
    assert (error.code, error.retryable, error.status) == ("server_error", True, 500)
    assert fake_openai.calls == 3


def test_a_slow_provider_times_out_as_retryable_within_the_timeout(
    fake_openai: FakeOpenAI, openai_url: str
) -> None:
    fake_openai.stall_next(5, 30)
    started = time.monotonic()
    error = call_fails(provider(openai_url, timeout_seconds=0.5))
    elapsed = time.monotonic() - started
    assert (error.code, error.retryable) == ("timeout", True)
    # Bounded by the timeout, not by the stall (a generous margin: this is not a speed test).
    assert elapsed < 5
    assert fake_openai.calls == 1


def test_a_400_is_not_retried_and_names_the_api_error_code(fake_openai: FakeOpenAI, openai_url: str) -> None:
    fake_openai.fail_next(
        1,
        400,
        body={
            "error": {
                "message": "too long",
                "type": "invalid_request_error",
                "code": "context_length_exceeded",
            }
        },
    )
    error = call_fails(provider(openai_url))
    assert (error.code, error.retryable, error.status) == ("http_400", False, 400)
    assert "context_length_exceeded" in str(error)
    assert fake_openai.calls == 1


def test_a_401_does_not_leak_the_key_the_api_quotes(fake_openai: FakeOpenAI, openai_url: str) -> None:
    fake_openai.fail_next(
        1, 401, body={"error": {"message": f"Incorrect API key provided: {KEY}", "code": "invalid_api_key"}}
    )
    error = call_fails(provider(openai_url))
    assert (error.code, error.retryable) == ("http_401", False)
    assert "invalid_api_key" in str(error)


def test_an_unreachable_provider_is_a_retryable_error() -> None:
    error = call_fails(provider(f"http://127.0.0.1:{free_port()}/v1", max_attempts=2))
    assert (error.code, error.retryable) == ("unreachable", True)


def test_an_answer_that_is_not_a_completion_is_a_retryable_error(
    fake_openai: FakeOpenAI, openai_url: str
) -> None:
    fake_openai.fail_next(1, 200, body={"object": "list", "data": []})
    error = call_fails(provider(openai_url))
    assert (error.code, error.retryable) == ("invalid_response", True)


async def outcome(p: OpenAIProvider) -> str:
    """What one reply to TURN came to: "ok", or the code of the ProviderError it raised."""
    try:
        await p.reply(TURN)
    except ProviderError as exc:
        return exc.code
    return "ok"


def test_the_breaker_opens_fails_fast_and_a_half_open_trial_closes_it(
    fake_openai: FakeOpenAI, openai_url: str
) -> None:
    clock = FakeClock()
    breaker = CircuitBreaker(failure_threshold=3, reset_seconds=30, clock=clock)
    p = provider(openai_url, breaker=breaker, max_attempts=1)
    fake_openai.fail_next(3, 500)

    async def scenario() -> list[str]:
        try:
            codes = [await outcome(p) for _ in range(5)]
            assert state_of(breaker) is BreakerState.OPEN
            assert fake_openai.calls == 3  # the last two never reached the server
            clock.now += 30
            codes.append(await outcome(p))
            assert state_of(breaker) is BreakerState.CLOSED
            codes.append(await outcome(p))
        finally:
            await p.aclose()
        return codes

    codes = asyncio.run(scenario())
    assert codes == ["server_error"] * 3 + ["circuit_open"] * 2 + ["ok", "ok"]
    assert fake_openai.calls == 5


def test_a_failed_half_open_trial_opens_it_again(fake_openai: FakeOpenAI, openai_url: str) -> None:
    clock = FakeClock()
    breaker = CircuitBreaker(failure_threshold=1, reset_seconds=30, clock=clock)
    p = provider(openai_url, breaker=breaker, max_attempts=1)
    fake_openai.fail_next(2, 503)

    async def scenario() -> list[str]:
        codes = []
        try:
            for advance in (0, 30, 0):
                clock.now += advance
                codes.append(await outcome(p))
        finally:
            await p.aclose()
        return codes

    assert asyncio.run(scenario()) == ["server_error", "server_error", "circuit_open"]
    assert fake_openai.calls == 2

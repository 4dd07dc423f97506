"""The OpenAI-compatible provider: POST {OPENAI_BASE_URL}/chat/completions over httpx.

One call has an overall deadline (`timeout_seconds`, default 10 s) that covers every attempt and
every pause between them. Within it, 429, 5xx and transport errors (refused connection, dropped
connection) are retried, at most `max_attempts` times in all, after a short jittered exponential
backoff, or after the server's `Retry-After` (`retry-after-ms`) when it gives one; a pause that
would not end before the deadline is not taken, the call fails at once instead. Outcomes:

- 2xx with a chat completion: AgentReply; tokens from the response's `usage` when present, else
  counted with the TokenCounter; `text` is None when the model answered with no content.
- other 4xx: ProviderError(code='http_<status>', retryable=False), with the API's error code
  (such as `context_length_exceeded`) in the message.
- deadline reached: ProviderError(code='timeout', retryable=True).
- retries exhausted: ProviderError(code='rate_limited' | 'server_error' | 'unreachable',
  retryable=True), with `retry_after` when the server asked for a pause.
- 2xx that is not a chat completion: ProviderError(code='invalid_response', retryable=True).
- with `handoff` on, the `handoff_to_human` tool is offered; a completion that calls it answers
  AgentReply(handoff_reason=...) beside any text (wahook.agent.handoff).

All calls go through a circuit breaker (wahook.breaker). The API key is sent as a bearer token and
appears in no log line, repr or exception. The turn's correlation id goes along as
`X-Client-Request-Id`.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from wahook.agent.breaker import CircuitBreaker
from wahook.agent.handoff import HANDOFF_TOOL, handoff_reason
from wahook.agent.images import chat_content
from wahook.agent.openai_endpoint import OpenAIEndpoint, api_error_code
from wahook.agent.tokens import REPLY_PRIMING_TOKENS, TokenCounter
from wahook.agent.types import AgentReply, ProviderError, TurnInput

logger = logging.getLogger(__name__)


class OpenAIProvider(OpenAIEndpoint):
    name = "openai"

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str,
        model: str,
        reply_tokens: int,
        timeout_seconds: float = 10.0,
        counter: TokenCounter | None = None,
        breaker: CircuitBreaker | None = None,
        client: httpx.AsyncClient | None = None,
        max_attempts: int = 4,
        backoff_seconds: float = 0.25,
        max_backoff_seconds: float = 2.0,
        handoff: bool = False,
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        super().__init__(base_url, "/chat/completions", api_key, client)
        self.model = model
        self.reply_tokens = reply_tokens
        self.timeout_seconds = timeout_seconds
        self.counter = counter or TokenCounter(model)
        self.breaker = breaker or CircuitBreaker()
        self.max_attempts = max_attempts
        self.backoff_seconds = backoff_seconds
        self.max_backoff_seconds = max_backoff_seconds
        # Offer the handoff_to_human tool (wahook.agent.handoff).
        self.handoff = handoff

    def __repr__(self) -> str:
        return f"OpenAIProvider(base_url={self.base_url!r}, model={self.model!r})"

    async def reply(self, turn: TurnInput) -> AgentReply:
        return await self.breaker.call(lambda: self._reply(turn))

    async def _reply(self, turn: TurnInput) -> AgentReply:
        payload = {
            "model": self.model,
            "messages": [{"role": m.role, "content": chat_content(m.content, m.image)} for m in turn.context],
            "max_tokens": self.reply_tokens,
        }
        if self.handoff:
            payload["tools"] = [HANDOFF_TOOL]
        headers = self._headers(turn.correlation_id)
        started = time.monotonic()
        try:
            async with asyncio.timeout(self.timeout_seconds):
                data = await self._post(payload, headers, started + self.timeout_seconds)
        except TimeoutError:
            raise ProviderError(
                "timeout", f"no answer from the provider within {self.timeout_seconds:g}s", retryable=True
            ) from None
        latency_ms = round((time.monotonic() - started) * 1000)
        return self._to_reply(data, turn, latency_ms)

    async def _post(self, payload: dict[str, Any], headers: dict[str, str], deadline: float) -> Any:
        """The JSON of the first successful answer, retrying what is worth retrying in time."""
        attempt = 0
        while True:
            attempt += 1
            remaining = deadline - time.monotonic()
            pause: float | None = None
            try:
                response = await self._client.post(
                    self.url, json=payload, headers=headers, timeout=max(remaining, 0.001)
                )
            except httpx.TimeoutException:
                raise TimeoutError from None
            except httpx.TransportError as exc:
                failure = ProviderError(
                    "unreachable", f"provider unreachable ({type(exc).__name__})", retryable=True
                )
            else:
                if response.is_success:
                    try:
                        return response.json()
                    except ValueError:
                        raise ProviderError(
                            "invalid_response",
                            "the provider answered with something other than JSON",
                            retryable=True,
                            status=response.status_code,
                        ) from None
                pause = retry_after(response)
                failure = error_for(response, pause)
                if not failure.retryable:
                    raise failure
            if attempt >= self.max_attempts:
                raise failure
            if pause is None:
                pause = self._backoff(attempt)
            if time.monotonic() + pause >= deadline:
                raise failure
            logger.warning(
                "agent call attempt %d failed (%s), retrying in %.2fs",
                attempt,
                failure.code,
                pause,
                extra={"event": "agent.retry", "error": failure.code, "status": failure.status},
            )
            await asyncio.sleep(pause)

    def _backoff(self, attempt: int) -> float:
        delay = min(self.max_backoff_seconds, self.backoff_seconds * 2.0 ** (attempt - 1))
        return delay / 2 + random.uniform(0, delay / 2)  # noqa: S311 (jitter, not security)

    def _to_reply(self, data: Any, turn: TurnInput, latency_ms: int) -> AgentReply:
        try:
            message = data["choices"][0]["message"]
            content = message.get("content")
        except (KeyError, IndexError, TypeError, AttributeError):
            raise ProviderError(
                "invalid_response", "the provider's answer has no choices[0].message", retryable=True
            ) from None
        if content is not None and not isinstance(content, str):
            raise ProviderError("invalid_response", "the reply content is not text", retryable=True)
        text = content if content and content.strip() else None
        handoff = handoff_reason(message) if self.handoff and isinstance(message, dict) else None
        usage = data.get("usage") if isinstance(data, dict) else None
        tokens_in = usage_int(usage, "prompt_tokens")
        tokens_out = usage_int(usage, "completion_tokens")
        if tokens_in is None:
            tokens_in = REPLY_PRIMING_TOKENS + sum(m.tokens for m in turn.context)
        if tokens_out is None:
            tokens_out = self.counter.count_text(text or "")
        model = data.get("model")
        return AgentReply(
            text=text,
            provider=self.name,
            model=model if isinstance(model, str) and model else self.model,
            tokens_in=tokens_in,
            tokens_out=tokens_out,
            latency_ms=latency_ms,
            handoff_reason=handoff,
        )


def usage_int(usage: object, key: str) -> int | None:
    if not isinstance(usage, dict):
        return None
    value = usage.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def error_for(response: httpx.Response, pause: float | None) -> ProviderError:
    status = response.status_code
    detail = api_error_code(response)
    suffix = f" ({detail})" if detail else ""
    if status == 429:
        return ProviderError(
            "rate_limited", f"provider answered 429{suffix}", retryable=True, retry_after=pause, status=status
        )
    if status >= 500:
        return ProviderError(
            "server_error",
            f"provider answered {status}{suffix}",
            retryable=True,
            retry_after=pause,
            status=status,
        )
    return ProviderError(
        f"http_{status}", f"provider answered {status}{suffix}", retryable=False, status=status
    )


def retry_after(response: httpx.Response) -> float | None:
    """The pause the server asks for, in seconds (`retry-after-ms`, else `Retry-After` as seconds
    or as an HTTP date), or None."""
    millis = response.headers.get("retry-after-ms")
    if millis is not None:
        try:
            value = float(millis) / 1000
        except ValueError:
            value = -1.0
        if 0 <= value < float("inf"):
            return value
    header = response.headers.get("retry-after")
    if header is None:
        return None
    try:
        seconds = float(header)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(header).timestamp() - time.time()
        except (TypeError, ValueError, IndexError):
            return None
        seconds = max(seconds, 0.0)
    return seconds if 0 <= seconds < float("inf") else None

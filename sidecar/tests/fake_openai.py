"""A fake OpenAI-compatible chat completions API (real HTTP, served by tests.server_support).

It records every request and answers from a script: by default a normal completion; `fail_next`
makes the next calls answer an error status (429 with Retry-After, 500, 400, ...); `stall_next`
makes the next calls wait before answering (giving up early when the client disconnects, so that
a stalled request does not hold the server's shutdown).
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


@dataclass
class ReceivedRequest:
    body: dict[str, Any]
    headers: dict[str, str]


@dataclass(frozen=True)
class Behaviour:
    status: int = 200
    retry_after: str | None = None
    stall_seconds: float = 0.0
    body: dict[str, Any] | None = None


@dataclass
class FakeOpenAI:
    reply_text: str = "hello from the fake"
    model: str = "fake-model-0001"
    # Include `usage` in successful answers.
    usage: bool = True
    received: list[ReceivedRequest] = field(default_factory=list)
    script: deque[Behaviour] = field(default_factory=deque)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fail_next(
        self, count: int, status: int, retry_after: str | None = None, body: dict[str, Any] | None = None
    ) -> None:
        with self.lock:
            self.script.extend(Behaviour(status, retry_after, 0.0, body) for _ in range(count))

    def stall_next(self, count: int, seconds: float) -> None:
        with self.lock:
            self.script.extend(Behaviour(stall_seconds=seconds) for _ in range(count))

    @property
    def calls(self) -> int:
        with self.lock:
            return len(self.received)

    def app(self) -> Starlette:
        async def completions(request: Request) -> Response:
            body = json.loads(await request.body())
            with self.lock:
                self.received.append(ReceivedRequest(body, dict(request.headers)))
                behaviour = self.script.popleft() if self.script else Behaviour()
            if behaviour.stall_seconds:
                until = time.monotonic() + behaviour.stall_seconds
                while time.monotonic() < until:
                    if await request.is_disconnected():
                        return Response(status_code=499)
                    await asyncio.sleep(0.02)
            headers = {"Retry-After": behaviour.retry_after} if behaviour.retry_after is not None else {}
            if behaviour.status != 200:
                error = behaviour.body or {
                    "error": {"message": f"fake error {behaviour.status}", "type": "fake_error", "code": None}
                }
                return JSONResponse(error, behaviour.status, headers=headers)
            answer: dict[str, Any] = behaviour.body or {
                "id": "chatcmpl-fake",
                "object": "chat.completion",
                "created": 1700000000,
                "model": self.model,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": self.reply_text},
                        "finish_reason": "stop",
                    }
                ],
            }
            if self.usage and behaviour.body is None:
                answer["usage"] = {"prompt_tokens": 42, "completion_tokens": 7, "total_tokens": 49}
            return JSONResponse(answer)

        return Starlette(routes=[Route("/v1/chat/completions", completions, methods=["POST"])])

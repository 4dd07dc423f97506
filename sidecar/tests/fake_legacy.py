"""A fake legacy webhook endpoint: records what it receives; can be told to fail."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route


@dataclass
class ReceivedRequest:
    body: bytes
    headers: dict[str, str]


@dataclass
class FakeLegacy:
    received: list[ReceivedRequest] = field(default_factory=list)
    fail_with: int | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def app(self) -> Starlette:
        async def webhook(request: Request) -> Response:
            body = await request.body()
            with self.lock:
                self.received.append(ReceivedRequest(body, dict(request.headers)))
            if self.fail_with is not None:
                return PlainTextResponse("legacy is down", self.fail_with)
            return PlainTextResponse("ok")

        return Starlette(routes=[Route("/legacy", webhook, methods=["POST"])])

"""A fake Slack-compatible incoming webhook on 127.0.0.1: records every POSTed JSON body and answers
200, or 500 for the next `fail_next(k)` calls."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from tests.server_support import running_app


@dataclass
class AlertReceiver:
    received: list[dict[str, Any]] = field(default_factory=list)
    refused: int = 0
    _failures: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def fail_next(self, count: int) -> None:
        with self._lock:
            self._failures += count

    def texts(self) -> list[str]:
        with self._lock:
            return [str(body.get("text")) for body in self.received]

    def app(self, path: str) -> Starlette:
        async def hook(request: Request) -> Response:
            body = json.loads(await request.body())
            with self._lock:
                if self._failures:
                    self._failures -= 1
                    self.refused += 1
                    return PlainTextResponse("try later", 500)
                self.received.append(body)
            return PlainTextResponse("ok")

        return Starlette(routes=[Route(path, hook, methods=["POST"])])


@contextmanager
def running_receiver(path: str = "/services/T000/B000/secret-token") -> Iterator[tuple[AlertReceiver, str]]:
    """Yields the receiver and its full URL (the path plays the secret part of a Slack URL)."""
    receiver = AlertReceiver()
    with running_app(receiver.app(path)) as url:
        yield receiver, f"{url}{path}"

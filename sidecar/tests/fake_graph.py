"""A fake of the Graph API's messages endpoint, served over real HTTP on 127.0.0.1 (see
server_support.running_app). It records every request and answers as told:

* by default, success with a fresh wamid (the shape of api_responses/send_message_success.json);
* `fail_next(k, body, status)`: the next k calls answer that Graph error body and HTTP status
  (the shape of send_message_error_130429_rate_limit.json, graph_error_100_object_not_found.json);
* `stall_next(k)`: the next k calls wait (up to `stall_seconds`, or until `release()`), beyond
  any client timeout the test uses, then answer success.

Requests are recorded when they arrive, before any answer: a stalled request has reached "Meta".
"""

from __future__ import annotations

import asyncio
import json
import threading
import uuid
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.server_support import running_app

API_RESPONSES = Path("Bindambc__whatsapp-business-java-api") / "api_responses"


def load_api_response(fixtures_dir: Path, name: str) -> dict[str, Any]:
    """A real Graph API answer from the shared fixtures (for example 'send_message_success')."""
    data = json.loads((fixtures_dir / API_RESPONSES / f"{name}.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def graph_error(code: int, message: str, subcode: int | None = None) -> dict[str, Any]:
    """A Graph error body of the documented shape."""
    error: dict[str, Any] = {
        "message": f"(#{code}) {message}",
        "type": "OAuthException",
        "code": code,
        "error_data": {"messaging_product": "whatsapp", "details": message},
        "fbtrace_id": f"Fake{uuid.uuid4().hex[:16]}",
    }
    if subcode is not None:
        error["error_subcode"] = subcode
    return {"error": error}


@dataclass(frozen=True)
class GraphRequest:
    path: str
    headers: dict[str, str]
    json: dict[str, Any]


@dataclass(frozen=True)
class _Answer:
    status: int
    body: dict[str, Any] | None
    stall: bool = False


@dataclass
class FakeGraph:
    stall_seconds: float = 5.0
    requests: list[GraphRequest] = field(default_factory=list)
    wamids: list[str] = field(default_factory=list)
    _plan: deque[_Answer] = field(default_factory=deque)
    _released: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _arrived: threading.Condition = field(init=False)

    def __post_init__(self) -> None:
        self._arrived = threading.Condition(self._lock)

    def fail_next(self, count: int, body: dict[str, Any] | None, status: int = 400) -> None:
        """The next `count` calls answer `body` (None: an empty body) with HTTP `status`."""
        with self._lock:
            self._plan.extend(_Answer(status, body) for _ in range(count))

    def stall_next(self, count: int = 1) -> None:
        with self._lock:
            self._plan.extend(_Answer(200, None, stall=True) for _ in range(count))

    def release(self) -> None:
        """Ends every stall now (and those to come)."""
        self._released.set()

    def requests_to(self, path: str) -> list[GraphRequest]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def wait_for_requests(self, count: int, timeout: float) -> bool:
        """Blocks until `count` requests have arrived (True) or `timeout` seconds passed (False)."""
        with self._arrived:
            return self._arrived.wait_for(lambda: len(self.requests) >= count, timeout)

    def snapshot(self) -> list[GraphRequest]:
        with self._lock:
            return list(self.requests)

    def _success(self, body: dict[str, Any]) -> dict[str, Any]:
        if body.get("status") == "read":
            return {"success": True}
        wamid = f"wamid.fake{uuid.uuid4().hex}"
        with self._lock:
            self.wamids.append(wamid)
        to = str(body.get("to", ""))
        return {
            "messaging_product": "whatsapp",
            "contacts": [{"input": to, "wa_id": to}],
            "messages": [{"id": wamid}],
        }

    def app(self) -> Starlette:
        async def messages(request: Request) -> Response:
            raw = await request.body()
            try:
                body = json.loads(raw)
            except ValueError:
                body = None
            with self._lock:
                self.requests.append(
                    GraphRequest(
                        request.url.path, dict(request.headers), body if isinstance(body, dict) else {}
                    )
                )
                answer = self._plan.popleft() if self._plan else None
                self._arrived.notify_all()
            if answer is not None and answer.stall:
                await asyncio.to_thread(self._released.wait, self.stall_seconds)
            if not isinstance(body, dict):
                return JSONResponse(graph_error(100, "Invalid JSON body"), 400)
            if answer is None or answer.stall:
                return JSONResponse(self._success(body))
            if answer.body is None:
                return Response(b"", answer.status)
            return JSONResponse(answer.body, answer.status)

        return Starlette(routes=[Route("/{path:path}", messages, methods=["POST"])])


@contextmanager
def running_fake_graph(
    stall_seconds: float = 5.0, host: str = "127.0.0.1"
) -> Iterator[tuple[FakeGraph, str]]:
    """A FakeGraph served on a free port of `host`; yields it and its base URL (with the version,
    like WA_GRAPH_API_URL). Stalls end when the block does, so the server stops at once."""
    fake = FakeGraph(stall_seconds=stall_seconds)
    with running_app(fake.app(), host) as url:
        try:
            yield fake, f"{url}/v21.0"
        finally:
            fake.release()

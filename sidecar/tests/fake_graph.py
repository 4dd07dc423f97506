"""A fake of the Graph API's messages endpoint, served over real HTTP on 127.0.0.1 (see
server_support.running_app). It records every request and answers as told:

* by default, success with a fresh wamid (the shape of api_responses/send_message_success.json);
* `fail_next(k, body, status)`: the next k calls answer that Graph error body and HTTP status
  (the shape of send_message_error_130429_rate_limit.json, graph_error_100_object_not_found.json);
* `stall_next(k)`: the next k calls wait (up to `stall_seconds`, or until `release()`), beyond
  any client timeout the test uses, then answer success.

Requests are recorded when they arrive, before any answer: a stalled request has reached "Meta".

It also serves inbound media as the Cloud API does, both calls requiring the bearer token
`access_token` (401 otherwise), recorded apart in `media_requests`:

* `GET /{version}/{media-id}` answers {messaging_product, url, mime_type, sha256 (hex), file_size,
  id} for a media added with `add_media` (else Graph error 100, HTTP 400); each call hands out a new
  download URL, as Meta's expire after minutes;
* `GET /download/{media-id}/{n}` (that URL) answers the bytes; `fail_downloads_next(*faults)`
  makes the next downloads answer HTTP 500 ("500") or break the connection mid-body ("reset").
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
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
from starlette.responses import JSONResponse, Response, StreamingResponse
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


@dataclass(frozen=True)
class FakeMedia:
    content: bytes
    mime_type: str
    # What GET /{media-id} says its file_size is; default: the content's own. (Its sha256, in hex,
    # is always the content's.)
    file_size: int | None = None


@dataclass
class FakeGraph:
    stall_seconds: float = 5.0
    # The token the media endpoints require: pipeline_support.ACCESS_TOKEN, which the pipeline uses.
    access_token: str = "e2e-access-token"
    requests: list[GraphRequest] = field(default_factory=list)
    media_requests: list[GraphRequest] = field(default_factory=list)
    media: dict[str, FakeMedia] = field(default_factory=dict)
    _download_faults: deque[str] = field(default_factory=deque)
    _download_serial: Iterator[int] = field(default_factory=lambda: itertools.count(1))
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

    def add_media(self, media_id: str, media: FakeMedia) -> None:
        with self._lock:
            self.media[media_id] = media

    def fail_downloads_next(self, *faults: str) -> None:
        """The next downloads fail, one fault each: "500" (HTTP 500) or "reset" (the connection
        breaks after part of the body)."""
        assert set(faults) <= {"500", "reset"}, faults
        with self._lock:
            self._download_faults.extend(faults)

    def media_paths(self) -> list[str]:
        with self._lock:
            return [r.path for r in self.media_requests]

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

        async def media_url(request: Request) -> Response:
            media = self._media_request(request)
            if isinstance(media, Response):
                return media
            media_id = request.path_params["media_id"]
            with self._lock:
                serial = next(self._download_serial)
            base = str(request.base_url).rstrip("/")
            return JSONResponse(
                {
                    "messaging_product": "whatsapp",
                    "url": f"{base}/download/{media_id}/{serial}",
                    "mime_type": media.mime_type,
                    "sha256": hashlib.sha256(media.content).hexdigest(),
                    # Meta writes it as a string.
                    "file_size": str(media.file_size if media.file_size is not None else len(media.content)),
                    "id": media_id,
                }
            )

        async def download(request: Request) -> Response:
            media = self._media_request(request)
            if isinstance(media, Response):
                return media
            with self._lock:
                fault = self._download_faults.popleft() if self._download_faults else None
            if fault == "500":
                return Response(b"upstream trouble", 500)
            if fault == "reset":

                async def broken() -> Any:
                    yield media.content[: len(media.content) // 2]
                    raise ConnectionResetError("fake Graph API: connection reset mid-download")

                headers = {"content-length": str(len(media.content))}
                return StreamingResponse(broken(), media_type=media.mime_type, headers=headers)
            return Response(media.content, media_type=media.mime_type)

        return Starlette(
            routes=[
                Route("/download/{media_id}/{serial}", download, methods=["GET"]),
                Route("/{version}/{media_id}", media_url, methods=["GET"]),
                Route("/{path:path}", messages, methods=["POST"]),
            ]
        )

    def _media_request(self, request: Request) -> FakeMedia | Response:
        """Records a media call; the media it names, or the answer to a call without the token or
        for an unknown media."""
        with self._lock:
            self.media_requests.append(GraphRequest(request.url.path, dict(request.headers), {}))
            media = self.media.get(request.path_params["media_id"])
        if request.headers.get("authorization") != f"Bearer {self.access_token}":
            return JSONResponse(graph_error(190, "Invalid OAuth access token"), 401)
        if media is None:
            return JSONResponse(graph_error(100, "Unsupported get request"), 400)
        return media


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

"""A fake OpenAI-compatible chat completions API (real HTTP, served by tests.server_support).

It records every request and answers from a script: by default a normal completion; `answer_next`
makes the next call answer a body of the test's (handoff_completion: a call of the handoff tool);
`fail_next` makes the next calls answer an error status (429 with Retry-After, 500, 400, ...);
`stall_next` makes the next calls wait before answering (giving up early when the client
disconnects, so that a stalled request does not hold the server's shutdown).

`POST /v1/audio/transcriptions` takes OpenAI's multipart form (file, model, language, ...), checks
them as OpenAI does (a model, a file, an extension among `transcription_formats`), records each and
answers `{"text": transcript_for(bytes)}`, which tells files apart; `fail_transcriptions_next`
makes the next ones answer an error status.
"""

from __future__ import annotations

import asyncio
import hashlib
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

from wahook.agent.handoff import HANDOFF_TOOL_NAME


@dataclass
class ReceivedRequest:
    body: dict[str, Any]
    headers: dict[str, str]


@dataclass
class ReceivedTranscription:
    fields: dict[str, str]
    filename: str
    content_type: str
    data: bytes
    headers: dict[str, str]


# The extensions OpenAI's transcription endpoint takes.
OPENAI_AUDIO_FORMATS = frozenset({"flac", "m4a", "mp3", "mp4", "mpeg", "mpga", "oga", "ogg", "wav", "webm"})


def transcript_for(data: bytes) -> str:
    """The fake's transcript of these bytes."""
    return f"heard {hashlib.sha256(data).hexdigest()[:12]} in {len(data)} bytes"


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
    transcriptions: list[ReceivedTranscription] = field(default_factory=list)
    transcription_script: deque[Behaviour] = field(default_factory=deque)
    transcription_formats: frozenset[str] = OPENAI_AUDIO_FORMATS

    def fail_transcriptions_next(self, count: int, status: int) -> None:
        with self.lock:
            self.transcription_script.extend(Behaviour(status) for _ in range(count))

    def answer_transcriptions_next(self, body: dict[str, Any], stall_seconds: float = 0.0) -> None:
        """The next transcription answers 200 with this body (after a pause)."""
        with self.lock:
            self.transcription_script.append(Behaviour(stall_seconds=stall_seconds, body=body))

    def answer_next(self, body: dict[str, Any]) -> None:
        """The next chat completion answers 200 with this body."""
        with self.lock:
            self.script.append(Behaviour(body=body))

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
            if behaviour.stall_seconds and not await stall(request, behaviour.stall_seconds):
                return Response(status_code=499)
            headers = {"Retry-After": behaviour.retry_after} if behaviour.retry_after is not None else {}
            if behaviour.status != 200:
                if behaviour.body is not None:
                    return JSONResponse(behaviour.body, behaviour.status, headers=headers)
                message = f"fake error {behaviour.status}"
                return invalid(message, behaviour.status, "fake_error", headers=headers)
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

        async def transcriptions(request: Request) -> Response:
            async with request.form() as form:
                upload = form.get("file")
                fields = {k: v for k, v in form.items() if isinstance(v, str)}
                received = None
                if upload is not None and not isinstance(upload, str):
                    received = ReceivedTranscription(
                        fields,
                        upload.filename or "",
                        upload.content_type or "",
                        await upload.read(),
                        dict(request.headers),
                    )
            with self.lock:
                if received is not None:
                    self.transcriptions.append(received)
                behaviour = self.transcription_script.popleft() if self.transcription_script else Behaviour()
            if behaviour.stall_seconds:
                await stall(request, behaviour.stall_seconds)
            if behaviour.status != 200:
                return invalid(f"fake error {behaviour.status}", behaviour.status, "fake_error")
            if behaviour.body is not None:
                return JSONResponse(behaviour.body)
            if not fields.get("model"):
                return invalid("you must provide a model parameter")
            if received is None or not received.data:
                return invalid("you must provide a file")
            extension = received.filename.rsplit(".", 1)[-1].lower() if "." in received.filename else ""
            if extension not in self.transcription_formats:
                formats = sorted(self.transcription_formats)
                return invalid(f"Invalid file format. Supported formats: {formats}", code="invalid_value")
            return JSONResponse({"text": transcript_for(received.data)})

        return Starlette(
            routes=[
                Route("/v1/chat/completions", completions, methods=["POST"]),
                Route("/v1/audio/transcriptions", transcriptions, methods=["POST"]),
            ]
        )


async def stall(request: Request, seconds: float) -> bool:
    """Waits, giving up early when the client disconnects; whether the client waited throughout."""
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        if await request.is_disconnected():
            return False
        await asyncio.sleep(0.02)
    return True


def invalid(
    message: str,
    status: int = 400,
    kind: str = "invalid_request_error",
    code: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """An error answer of OpenAI's shape."""
    error = {"message": message, "type": kind, "param": None, "code": code}
    return JSONResponse({"error": error}, status, headers=headers)


def tool_call(name: str, arguments: str) -> dict[str, Any]:
    """A call of the tool `name` with `arguments` (JSON, or whatever the model wrote), as a chat
    completion's message carries it."""
    return {"id": "call_1", "type": "function", "function": {"name": name, "arguments": arguments}}


def handoff_completion(content: str | None, arguments: str) -> dict[str, Any]:
    """A chat completion, as OpenAI answers one, whose message is `content` beside a call of the
    handoff tool (wahook.agent.handoff) with `arguments`."""
    return {
        "id": "chatcmpl-handoff",
        "object": "chat.completion",
        "created": 1700000000,
        "model": "fake-model-0001",
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": content,
                    "tool_calls": [tool_call(HANDOFF_TOOL_NAME, arguments)],
                },
                "finish_reason": "tool_calls",
            }
        ],
    }

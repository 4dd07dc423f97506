"""The chaos run's agent: an OpenAI-compatible chat-completions server in a process of its own.

    .venv/bin/python -m bench.chaos_agent PORT HANG_SECONDS SEED   # OPENAI_BASE_URL=http://127.0.0.1:PORT/v1

It answers each call with `chaos: ` and the turn's messages joined by ` | ` (the user messages after
the last assistant message: the history ends with the previous turn's reply), so a sent reply names
exactly the inbound messages it answers. 20% of calls answer 500 and 5% hang for HANG_SECONDS (past
the sidecar's WAHOOK_AGENT_TIMEOUT_SECONDS), giving up when the client goes away.
GET /chaos/stats returns the counts of each behaviour.
"""

from __future__ import annotations

import asyncio
import random
import sys
from collections import Counter
from typing import Any

import orjson
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

FAIL_RATIO = 0.20
HANG_RATIO = 0.05
PREFIX = "chaos: "


def turn_text(messages: list[dict[str, Any]]) -> str:
    """The user messages after the last assistant message, joined as the echo agent joins them."""
    turn: list[str] = []
    for message in messages:
        if message.get("role") == "assistant":
            turn = []
        elif message.get("role") == "user":
            turn.append(str(message.get("content", "")))
    return PREFIX + " | ".join(turn)


def build(hang_seconds: float, seed: int) -> Starlette:
    rng = random.Random(seed)  # noqa: S311 (reproducible faults, not secrets)
    counts: Counter[str] = Counter()

    async def completions(request: Request) -> Response:
        body = orjson.loads(await request.body())
        draw = rng.random()
        if draw < FAIL_RATIO:
            counts["500"] += 1
            error = {"error": {"message": "chaos: internal error", "type": "server_error", "code": None}}
            return JSONResponse(error, 500)
        if draw < FAIL_RATIO + HANG_RATIO:
            counts["hang"] += 1
            loop = asyncio.get_running_loop()
            until = loop.time() + hang_seconds
            while loop.time() < until:
                if await request.is_disconnected():
                    return Response(status_code=499)
                await asyncio.sleep(0.05)
        counts["ok"] += 1
        answer = {
            "id": "chatcmpl-chaos",
            "object": "chat.completion",
            "created": 1700000000,
            "model": str(body.get("model", "chaos")),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": turn_text(body.get("messages", []))},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
        }
        return Response(orjson.dumps(answer), media_type="application/json")

    async def stats(_: Request) -> JSONResponse:
        return JSONResponse(dict(counts))

    return Starlette(
        routes=[
            Route("/v1/chat/completions", completions, methods=["POST"]),
            Route("/chaos/stats", stats),
        ]
    )


if __name__ == "__main__":
    port, hang, seed = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
    uvicorn.run(build(hang, seed), host="127.0.0.1", port=port, log_config=None, access_log=False)

"""The chaos run's Graph API: the send endpoint, and Meta's status webhooks for every send, in a
process of its own.

    .venv/bin/python -m bench.chaos_graph PORT WEBHOOK_URL SEED   # WA_GRAPH_API_URL=http://127.0.0.1:PORT/v21.0

Each send is recorded (time, business number, recipient, text, biz_opaque_callback_data, the wamid
it was given) and answered as Meta answers. Every send then gets its three status webhooks (sent,
delivered, read), each echoing the send's callback data and recipient, posted signed to WEBHOOK_URL
after a random delay (so in random order), 20% of them twice, and each delivery that does not get a
200 is retried with backoff as Meta retries, until it does.

GET /chaos/sends returns the sends so far and how many status deliveries are still under way.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import sys
import time
from typing import Any

import httpx
import orjson
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bench.bodies import SECRET, envelope
from bench.chaos_meta import deliver
from wahook.http.signature import sign

STATES = ("sent", "delivered", "read")
TWICE_RATIO = 0.2
MAX_DELAY_SECONDS = 2.0


def status_body(pnid: str, recipient: str, wamid: str, state: str, callback: str | None) -> bytes:
    status: dict[str, Any] = {
        "id": wamid,
        "status": state,
        "timestamp": str(int(time.time())),
        "recipient_id": recipient,
    }
    if callback is not None:
        status["biz_opaque_callback_data"] = callback
    return orjson.dumps(envelope(pnid, {"statuses": [status]}))


def build(webhook_url: str, seed: int) -> Starlette:
    rng = random.Random(seed)  # noqa: S311 (reproducible faults, not secrets)
    wamids = itertools.count()
    sends: list[dict[str, Any]] = []
    tasks: set[asyncio.Task[None]] = set()
    posts: dict[str, int] = {"delivered": 0, "non_200": 0, "http_500": 0}
    client = httpx.AsyncClient(timeout=10.0)
    limit = asyncio.Semaphore(32)

    async def post_status(raw: bytes, delay: float) -> None:
        await asyncio.sleep(delay)
        headers = {"Content-Type": "application/json", "X-Hub-Signature-256": sign(SECRET, raw)}
        refused = await deliver(client, limit, webhook_url, raw, headers)
        posts["delivered"] += 1
        posts["non_200"] += refused.total()
        posts["http_500"] += refused[500]

    async def send(request: Request) -> Response:
        pnid = request.path_params["phone_number_id"]
        data = orjson.loads(await request.body())
        wamid = f"wamid.chaos.{next(wamids)}"
        callback = data.get("biz_opaque_callback_data")
        text = data.get("text", {}).get("body") if data.get("type") == "text" else None
        sends.append(
            {
                "at": time.time(),
                "pnid": pnid,
                "to": data.get("to"),
                "text": text,
                "callback": callback,
                "wamid": wamid,
            }
        )
        for state in STATES:
            raw = status_body(pnid, str(data.get("to")), wamid, state, callback)
            for _ in range(2 if rng.random() < TWICE_RATIO else 1):
                task = asyncio.create_task(post_status(raw, rng.uniform(0, MAX_DELAY_SECONDS)))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
        answer = {
            "messaging_product": "whatsapp",
            "contacts": [{"input": data.get("to"), "wa_id": data.get("to")}],
            "messages": [{"id": wamid}],
        }
        return Response(orjson.dumps(answer), media_type="application/json")

    async def collect(_: Request) -> JSONResponse:
        return JSONResponse({"sends": sends, "statuses_under_way": len(tasks), **posts})

    return Starlette(
        routes=[
            Route("/{version}/{phone_number_id}/messages", send, methods=["POST"]),
            Route("/chaos/sends", collect),
        ]
    )


if __name__ == "__main__":
    port, url, seed = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    uvicorn.run(build(url, seed), host="127.0.0.1", port=port, log_config=None, access_log=False)

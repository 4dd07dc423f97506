"""A stand-in of the Graph API's send endpoint, in a process of its own so that its work is not
charged to the system under test. It answers like Meta's send API and records when each text reply
arrived (time.time(), comparable with Postgres timestamps on the same machine).

    .venv/bin/python bench/graph_standin.py PORT     # WA_GRAPH_API_URL=http://127.0.0.1:PORT/v21.0

GET /bench/replies returns [[received_at, text], ...] and forgets them (one run each).
"""

from __future__ import annotations

import itertools
import sys
import time

import orjson
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

replies: list[tuple[float, str]] = []
wamids = itertools.count()


async def send(request: Request) -> Response:
    data = orjson.loads(await request.body())
    if data.get("type") == "text":
        replies.append((time.time(), str(data["text"]["body"])))
    answer = {
        "messaging_product": "whatsapp",
        "contacts": [{"input": data.get("to"), "wa_id": data.get("to")}],
        "messages": [{"id": f"wamid.standin.{next(wamids)}"}],
    }
    return Response(orjson.dumps(answer), media_type="application/json")


async def collect(request: Request) -> JSONResponse:
    taken = replies[:]
    del replies[: len(taken)]
    return JSONResponse(taken)


app = Starlette(
    routes=[
        Route("/{version}/{phone_number_id}/messages", send, methods=["POST"]),
        Route("/bench/replies", collect),
    ]
)

if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_config=None, access_log=False)

"""The peer: the same job per message done with Procrastinate (a Python + PL/pgSQL queue). A naive
style endpoint checks the signature and defers one task per message (with BENCH_LOCK=1 under the
per-conversation `lock`); the task stores the echo reply and POSTs it to the Graph stand-in.

    DATABASE_URL=... .venv/bin/python bench/procrastinate_app.py schema
    DATABASE_URL=... WA_APP_SECRET=... .venv/bin/python bench/procrastinate_app.py serve PORT
    DATABASE_URL=... WA_GRAPH_API_URL=... .venv/bin/python bench/procrastinate_app.py worker CONCURRENCY
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import procrastinate
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

REPLIES = "create table if not exists bench_replies (id bigserial primary key, lock text, text text not null)"
app = procrastinate.App(
    connector=procrastinate.PsycopgConnector(conninfo=os.environ["DATABASE_URL"], min_size=4, max_size=20)
)
graph = httpx.AsyncClient(timeout=10)


@app.task(name="echo")
async def echo(phone_number_id: str, to: str, text: str) -> None:
    reply = f"echo: {text}"
    await app.connector.execute_query_async(
        "insert into bench_replies (lock, text) values (%(lock)s, %(text)s)",
        lock=f"{phone_number_id}:{to}",
        text=reply,
    )
    body = {"messaging_product": "whatsapp", "to": to, "type": "text", "text": {"body": reply}}
    url = f"{os.environ['WA_GRAPH_API_URL']}/{phone_number_id}/messages"
    response = await graph.post(url, json=body, headers={"Authorization": "Bearer bench"})
    response.raise_for_status()


async def webhook(request: Request) -> PlainTextResponse:
    raw = await request.body()
    expected = "sha256=" + hmac.new(os.environ["WA_APP_SECRET"].encode(), raw, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, request.headers.get("x-hub-signature-256", "")):
        return PlainTextResponse("bad signature", status_code=401)
    for entry in json.loads(raw)["entry"]:
        for change in entry["changes"]:
            pnid = change["value"]["metadata"]["phone_number_id"]
            for message in change["value"].get("messages", []):
                lock = f"{pnid}:{message['from']}" if os.environ.get("BENCH_LOCK") == "1" else None
                await echo.configure(lock=lock).defer_async(
                    phone_number_id=pnid, to=message["from"], text=message["text"]["body"]
                )
    return PlainTextResponse("ok")


@asynccontextmanager
async def lifespan(_: Starlette) -> AsyncIterator[None]:
    async with app.open_async():
        yield


def main() -> None:
    command = sys.argv[1]
    if command == "schema":
        with app.open():
            app.schema_manager.apply_schema()
            app.connector.get_sync_connector().execute_query(REPLIES)
    elif command == "serve":
        server = Starlette(routes=[Route("/webhook", webhook, methods=["POST"])], lifespan=lifespan)
        port = int(sys.argv[2])
        uvicorn.run(
            server, host="127.0.0.1", port=port, log_config=None, access_log=False, server_header=False
        )
    else:
        # Polling every second as a fallback to LISTEN/NOTIFY, as wahook's workers do (WAHOOK_POLL_MS).
        app.run_worker(concurrency=int(sys.argv[2]), fetch_job_polling_interval=1.0, listen_notify=True)


if __name__ == "__main__":
    main()

"""The naive baseline: check X-Hub-Signature-256, insert the body in its own transaction, answer 200.

DATABASE_URL=... WA_APP_SECRET=... .venv/bin/python bench/naive_app.py PORT [PROCESSES]
"""

from __future__ import annotations

import hashlib
import hmac
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn
from psycopg_pool import AsyncConnectionPool
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

SECRET = os.environ["WA_APP_SECRET"].encode()
TABLE = "create table if not exists webhook_bodies (id bigint generated always as identity primary key, "
TABLE += "received_at timestamptz not null default now(), body jsonb not null)"
# autocommit: each insert is its own transaction in one round trip.
pool = AsyncConnectionPool(
    os.environ["DATABASE_URL"], min_size=16, max_size=16, open=False, kwargs={"autocommit": True}
)


async def webhook(request: Request) -> PlainTextResponse:
    raw = await request.body()
    expected = "sha256=" + hmac.new(SECRET, raw, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, request.headers.get("x-hub-signature-256", "")):
        return PlainTextResponse("bad signature", status_code=401)
    async with pool.connection() as conn:
        await conn.execute("insert into webhook_bodies (body) values (%s::jsonb)", [raw.decode()])
    return PlainTextResponse("ok")


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    await pool.open()
    async with pool.connection() as conn:
        await conn.execute(TABLE)
    yield
    await pool.close()


app = Starlette(routes=[Route("/webhook", webhook, methods=["POST"])], lifespan=lifespan)

if __name__ == "__main__":
    # wahook.http.server.run's options (uvloop and httptools are picked when installed, as there); several
    # processes import the app by name. uvicorn listens on 127.0.0.1 by default.
    port, processes = int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1
    target = "naive_app:app" if processes > 1 else app
    uvicorn.run(target, workers=processes, port=port, log_config=None, access_log=False, server_header=False)

"""The dashboard's actions on paused conversations: POST /dashboard/conversations/{id}/reply
({"text", "author"}: a person's reply, wahook.send_human_reply) and .../resume ({"author",
"discard_pending"}: back to the agent, wahook.resume_conversation).

The dashboard's pages have no login (keep them on a private network); these actions send messages
to customers, so they need more: they are off unless WAHOOK_DASHBOARD_TOKEN is set, and then take it
as `Authorization: Bearer <token>` (compared in constant time) with a JSON body. A page of another
site cannot send either header without a CORS preflight, which nothing here answers, so a visited
page cannot make the operator's browser act.
"""

from __future__ import annotations

import hmac
import json
import re
from collections.abc import Awaitable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from wahook.db import DatabaseUnavailable
from wahook.db.handoff import reply_as_person, resume_for_agent
from wahook.errors import ConversationNotFound, ConversationNotPaused, InvalidArgument
from wahook.media.mime import base_type

MAX_BODY_BYTES = 64 * 1024
CONVERSATION_ID = re.compile(r"-?[0-9]{1,19}")
BIGINT = range(-(2**63), 2**63)


def error(status: int, reason: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": reason}, status_code=status, headers=headers)


def refused(request: Request) -> Response | None:
    """Why the request may not act, or None when it may."""
    token: str = request.app.state.config.dashboard_token
    if not token:
        return error(403, "dashboard actions are off: set WAHOOK_DASHBOARD_TOKEN to turn them on")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        return error(401, "a valid dashboard token is required", {"WWW-Authenticate": "Bearer"})
    if base_type(request.headers.get("content-type", "")) != "application/json":
        return error(415, "the body must be JSON (Content-Type: application/json)")
    return None


async def json_object(request: Request) -> dict[str, Any] | Response:
    raw = await request.body()
    if len(raw) > MAX_BODY_BYTES:
        return error(413, f"the body is larger than {MAX_BODY_BYTES} bytes")
    try:
        body = json.loads(raw)
    except ValueError:
        return error(400, "the body is not JSON")
    return body if isinstance(body, dict) else error(400, "the body must be a JSON object")


def conversation_of(request: Request) -> int | None:
    text = request.path_params["conversation_id"]
    if not CONVERSATION_ID.fullmatch(text) or int(text) not in BIGINT:
        return None
    return int(text)


def text_field(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    return value if isinstance(value, str) and value.strip() else None


async def action_of(request: Request) -> tuple[int, dict[str, Any]] | Response:
    """The conversation and JSON body of an action, or the answer that refuses it."""
    denial = refused(request)
    if denial:
        return denial
    conversation_id = conversation_of(request)
    if conversation_id is None:
        return error(404, "no such conversation")
    body = await json_object(request)
    if isinstance(body, Response):
        return body
    return conversation_id, body


# The engine's refusals of an action, as the status they answer with.
REFUSALS: dict[type[Exception], int] = {
    InvalidArgument: 400,
    ConversationNotFound: 404,
    ConversationNotPaused: 409,
}


async def done(action: Awaitable[dict[str, Any]]) -> Response:
    """The action's result, or the engine's refusal (503 while the database is away)."""
    try:
        return JSONResponse(await action)
    except tuple(REFUSALS) as exc:
        return error(REFUSALS[type(exc)], str(exc))
    except DatabaseUnavailable as exc:
        return error(503, str(exc), {"Retry-After": "5"})


async def reply(request: Request) -> Response:
    action = await action_of(request)
    if isinstance(action, Response):
        return action
    conversation_id, body = action
    text, author = text_field(body, "text"), text_field(body, "author")
    if text is None or author is None:
        return error(400, "text and author must be non-empty strings")

    async def send() -> dict[str, Any]:
        outbox_id = await reply_as_person(request.app.state.database, conversation_id, text, author)
        return {"outbox_id": outbox_id, "conversation_id": str(conversation_id)}

    return await done(send())


async def resume(request: Request) -> Response:
    action = await action_of(request)
    if isinstance(action, Response):
        return action
    conversation_id, body = action
    author = text_field(body, "author")
    if author is None:
        return error(400, "author must be a non-empty string")
    discard = body.get("discard_pending", False)
    if not isinstance(discard, bool):
        return error(400, "discard_pending must be true or false")

    async def hand_back() -> dict[str, Any]:
        state = await resume_for_agent(request.app.state.database, conversation_id, author[:200], discard)
        return {"state": state, "conversation_id": str(conversation_id)}

    return await done(hand_back())

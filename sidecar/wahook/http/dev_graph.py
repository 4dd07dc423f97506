"""A stand-in for the Graph API's messages endpoint, for `scripts/run` without a real WhatsApp
number (WAHOOK_DEV_GRAPH=1): replies are logged and answered like Meta answers a send, so the whole
path, outbox and status reconciliation included, runs on one machine and nothing leaves it."""

from __future__ import annotations

import json
import logging
import uuid

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

log = logging.getLogger(__name__)

PATH = "/dev/graph/{version}/{phone_number_id}/messages"


async def messages(request: Request) -> JSONResponse:
    try:
        body = json.loads(await request.body())
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return JSONResponse({"error": {"message": "(#100) Invalid JSON body", "code": 100}}, 400)
    if body.get("status") == "read":
        return JSONResponse({"success": True})
    wamid = f"wamid.dev.{uuid.uuid4().hex}"
    text = (body.get("text") or {}).get("body") if isinstance(body.get("text"), dict) else None
    log.info(
        f"development Graph API: reply {wamid}: {text if text is not None else body.get('type')}",
        extra={"event": "dev_graph_message"},
    )
    to = str(body.get("to", ""))
    return JSONResponse(
        {
            "messaging_product": "whatsapp",
            "contacts": [{"input": to, "wa_id": to}],
            "messages": [{"id": wamid}],
        }
    )


def routes() -> list[BaseRoute]:
    return [Route(PATH, messages, methods=["POST"])]

"""GET /webhook (Meta's verification handshake) and POST /webhook (signed notifications)."""

from __future__ import annotations

import hmac
import logging
import re
import uuid

import orjson
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from wahook import logs, metrics
from wahook.config import Config
from wahook.db import DatabaseUnavailable
from wahook.http import rollout, signature
from wahook.http.rollout import LegacyForwardError, Rollout, Route
from wahook.ingest.inbox import Inbox

log = logging.getLogger(__name__)

REQUEST_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")
RETRY_AFTER_SECONDS = "5"


class BodyTooLarge(Exception):
    pass


def error(status: int, reason: str, headers: dict[str, str] | None = None) -> JSONResponse:
    log.info("webhook refused", extra={"status": status, "reason": reason})
    return JSONResponse({"error": reason}, status_code=status, headers=headers)


def correlation_id_of(request: Request) -> str:
    given = request.headers.get("x-request-id", "")
    return given if REQUEST_ID.match(given) else uuid.uuid4().hex


async def read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks = bytearray()
    async for chunk in request.stream():
        chunks += chunk
        if len(chunks) > limit:
            raise BodyTooLarge
    return bytes(chunks)


async def verify_subscription(request: Request) -> Response:
    config: Config = request.app.state.config
    params = request.query_params
    mode = params.get("hub.mode", "")
    token = params.get("hub.verify_token", "")
    challenge = params.get("hub.challenge")
    token_ok = bool(config.verify_token) and hmac.compare_digest(token.encode(), config.verify_token.encode())
    if mode != "subscribe" or not token_ok:
        return PlainTextResponse("verification failed: wrong hub.mode or hub.verify_token", 403)
    if not challenge:
        return PlainTextResponse("hub.challenge is missing", 400)
    return PlainTextResponse(challenge)


async def receive(request: Request) -> Response:
    config: Config = request.app.state.config
    inbox: Inbox = request.app.state.inbox
    cid = correlation_id_of(request)
    logs.correlation_id.set(cid)
    headers = {"X-Request-ID": cid}
    try:
        body = await read_body(request, config.max_body_bytes)
    except BodyTooLarge:
        metrics.webhook_answered("too_large")
        return error(413, f"body larger than {config.max_body_bytes} bytes", headers)
    # The signature is checked over the raw bytes before anything parses them.
    if config.app_secret:
        try:
            signature.verify(config.app_secret, body, request.headers.get("x-hub-signature-256"))
        except signature.SignatureError as exc:
            metrics.webhook_answered("invalid_signature")
            return error(401, str(exc), headers)
    plan: Rollout = request.app.state.rollout
    route = Route.PIPELINE
    if plan.legacy_url:
        # Only routing needs the body parsed here; the engine checks and parses what it stores.
        try:
            parsed = orjson.loads(body)
        except orjson.JSONDecodeError as exc:
            # orjson's limits too (1,024 levels deep, numbers beyond a double): said as they are.
            metrics.webhook_answered("invalid")
            return error(400, f"body is not JSON: {exc}", headers)
        if not isinstance(parsed, dict):
            metrics.webhook_answered("invalid")
            return error(400, "body is not a JSON object", headers)
        route = plan.route(parsed)
    item_count = 0
    if route is not Route.LEGACY:
        try:
            receipt = await inbox.store(body, cid)
        except DatabaseUnavailable as exc:
            metrics.webhook_answered("unavailable")
            return error(503, str(exc), {**headers, "Retry-After": RETRY_AFTER_SECONDS})
        except Exception:
            # Bodies are refused one by one in SQL, so a whole batch failing is the server's
            # fault, and nothing of it was stored: Meta's retry will be stored.
            log.exception("webhook batch failed", extra={"event": "webhook_batch_failed"})
            metrics.webhook_answered("unavailable")
            return error(
                503, "the webhook could not be stored", {**headers, "Retry-After": RETRY_AFTER_SECONDS}
            )
        if receipt.error_sqlstate is not None:
            metrics.webhook_answered("invalid")
            return error(400, refusal_reason(receipt.error_sqlstate, receipt.error_message), headers)
        item_count = receipt.item_count or 0
    if route is not Route.PIPELINE and plan.legacy_url:
        try:
            await rollout.forward(
                request.app.state.http, plan.legacy_url, body, forwarded_headers(request, cid)
            )
        except LegacyForwardError as exc:
            # Stored bodies (for BOTH) are deduplicated when Meta retries.
            metrics.webhook_answered("forward_failed")
            return error(502, str(exc), {**headers, "Retry-After": RETRY_AFTER_SECONDS})
        log.info("webhook forwarded to legacy", extra={"event": "webhook_forwarded"})
    metrics.webhook_answered("forwarded" if route is Route.LEGACY else "stored")
    return Response(
        orjson.dumps({"route": route.value, "items": item_count}),
        media_type="application/json",
        headers=headers,
    )


def refusal_reason(sqlstate: str, message: str | None) -> str:
    """The 400's reason for a body the engine refused to store."""
    if sqlstate == "WH001":
        return message or "invalid WhatsApp webhook body"
    # Class 22 and 54: the bytes are not UTF-8 JSON that Postgres can store.
    return f"body is not JSON that can be stored ({sqlstate}): {message}"


def forwarded_headers(request: Request, cid: str) -> dict[str, str]:
    sent = {"Content-Type": request.headers.get("content-type", "application/json"), "X-Request-ID": cid}
    given = request.headers.get("x-hub-signature-256")
    if given:
        sent["X-Hub-Signature-256"] = given
    return sent

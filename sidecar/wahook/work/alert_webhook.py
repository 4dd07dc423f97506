"""The alert webhook (WAHOOK_ALERT_WEBHOOK_URL): one POST of {"text": ...}, Slack-compatible, for
health alerts and handoffs alike."""

from __future__ import annotations

import logging

import httpx

log = logging.getLogger(__name__)


async def post_text(http: httpx.AsyncClient, url: str, text: str, subject: str) -> bool:
    """Delivers `text`; False, logged, when the webhook refuses it or cannot be reached (the caller
    tries again on the next check). Errors are logged by status or type only: a message could quote
    the URL, which is a secret."""
    try:
        response = await http.post(url, json={"text": text})
        response.raise_for_status()
    except httpx.HTTPStatusError as exc:
        log.warning(
            f"alert for {subject} refused; retried on the next check",
            extra={"event": "alert_failed", "status": exc.response.status_code},
        )
        return False
    except httpx.HTTPError as exc:
        log.warning(
            f"alert for {subject} not delivered; retried on the next check",
            extra={"event": "alert_failed", "error": type(exc).__name__},
        )
        return False
    return True

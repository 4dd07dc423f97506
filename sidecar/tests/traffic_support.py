"""Real traffic for the observability tests: signed webhooks POSTed to a running sidecar, and agent
turns driven through the engine's SQL API (claim, complete, fail) the way a worker drives them."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import psycopg

from tests import work_support
from wahook.http.signature import sign

SECRET = "observability-app-secret"
VERIFY_TOKEN = "observability-verify-token"
PHONE_NUMBER_ID = "100000009"


def text_webhook(customer: str, wamid: str, text: str = "hello") -> dict[str, Any]:
    """A WhatsApp Cloud API notification carrying one text message from `customer`."""
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "200000009",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {
                                "display_phone_number": "15550009999",
                                "phone_number_id": PHONE_NUMBER_ID,
                            },
                            "contacts": [{"profile": {"name": "Test"}, "wa_id": customer}],
                            "messages": [
                                {
                                    "from": customer,
                                    "id": wamid,
                                    "timestamp": str(int(time.time())),
                                    "type": "text",
                                    "text": {"body": text},
                                }
                            ],
                        },
                    }
                ],
            }
        ],
    }


def post_webhook(base_url: str, body: dict[str, Any], secret: str = SECRET) -> httpx.Response:
    raw = json.dumps(body).encode()
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": sign(secret, raw)}
    return httpx.post(f"{base_url}/webhook", content=raw, headers=headers, timeout=10)


def run_turns(conn: psycopg.Connection[Any], fail_with: dict[int, str] | None = None) -> int:
    """Claims every ready conversation once; the n-th turn (from 0) fails with the code
    fail_with[n] (retryable), the others complete. Returns the number of turns."""
    failures = fail_with or {}
    n = 0
    while (turn := work_support.claim(conn, f"observability-worker-{n}")) is not None:
        if n in failures:
            work_support.fail(conn, turn, code=failures[n], message="provider said no")
        else:
            work_support.complete(conn, turn, reply=None)
        n += 1
    return n

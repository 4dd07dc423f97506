"""Webhook bodies shaped like Meta's (see sidecar/tests/fixtures/whatsapp/), signed one by one, written
one per line as `signature<TAB>body` for bench/wrk_bodies.lua to walk."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from wahook.http.signature import sign

SECRET = "bench-app-secret"
VERIFY_TOKEN = "bench-verify-token"
# Replies are paced per business number: spread the conversations over several numbers.
PHONE_NUMBERS = 20
TEXT = (
    "Hi! I ordered a blue jacket in size M last week (order {token}) and paid by card. The tracking page "
    "still says 'label created'. Can you tell me when it will arrive, and whether I can still change "
    "the delivery address to my office? Thanks a lot!"
)


def phone_number_id(n: int) -> str:
    return f"1065403522{n % PHONE_NUMBERS:05d}"


def customer(conversation: int) -> str:
    return f"1655{conversation:08d}"


def envelope(pnid: str, value: dict[str, Any]) -> dict[str, Any]:
    metadata = {"display_phone_number": f"1555{pnid[-7:]}", "phone_number_id": pnid}
    change = {"field": "messages", "value": {"messaging_product": "whatsapp", "metadata": metadata, **value}}
    return {"object": "whatsapp_business_account", "entry": [{"id": "102290129340398", "changes": [change]}]}


def message(conversation: int, wamid: str, token: str) -> dict[str, Any]:
    """One inbound text; `token` (unique per message) comes back in the echo reply."""
    wa_id = customer(conversation)
    return envelope(
        phone_number_id(conversation),
        {
            "contacts": [{"profile": {"name": f"Customer {conversation}"}, "wa_id": wa_id}],
            "messages": [
                {
                    "from": wa_id,
                    "id": wamid,
                    "timestamp": str(int(time.time())),
                    "type": "text",
                    "text": {"body": TEXT.format(token=token)},
                }
            ],
        },
    )


def status(conversation: int, wamid: str, state: str) -> dict[str, Any]:
    """A delivery status of an outbound wamid, with conversation and pricing as Meta sends them."""
    now = int(time.time())
    return envelope(
        phone_number_id(conversation),
        {
            "statuses": [
                {
                    "id": wamid,
                    "status": state,
                    "timestamp": str(now),
                    "recipient_id": customer(conversation),
                    "conversation": {
                        "id": f"{conversation:032x}",
                        "expiration_timestamp": str(now + 86400),
                        "origin": {"type": "service"},
                    },
                    "pricing": {
                        "billable": True,
                        "pricing_model": "PMP",
                        "type": "regular",
                        "category": "service",
                    },
                }
            ]
        },
    )


def traffic(run: str, count: int, conversations: int, statuses: bool) -> Iterator[dict[str, Any]]:
    """`count` bodies round-robin over the conversations; with `statuses`, each message body is
    followed by sent, delivered and read for an outbound wamid (Meta's 3 per outbound message)."""
    n = 0
    while n < count:
        c = n % conversations
        yield message(c, f"wamid.bench.{run}.{n}", f"{run}-{n}")
        n += 1
        for state in ("sent", "delivered", "read") if statuses else ():
            if n < count:
                yield status(c, f"wamid.out.{run}.{n // 4}", state)
                n += 1


def encode(body: dict[str, Any]) -> bytes:
    return json.dumps(body, separators=(",", ":")).encode()


def write(path: Path, bodies: Iterator[dict[str, Any]]) -> int:
    """Writes signed bodies for wrk; returns their mean size in bytes."""
    total = n = 0
    with path.open("wb") as out:
        for body in bodies:
            raw = encode(body)
            out.write(sign(SECRET, raw).encode() + b"\t" + raw + b"\n")
            total += len(raw)
            n += 1
    return total // max(n, 1)

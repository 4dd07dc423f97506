"""WhatsApp Cloud API notification bodies that tests make up, built from small parts, and the one way
tests POST a body signed. Real bodies (Meta's documentation, public libraries' suites) stay as they
were sent, in fixtures/whatsapp; these are for a test that needs its own customer, wamid or text.

    text_message("15550001", "wamid.1", "hi")      # one entry, one change, one message
    notification([text_item("15550001", "wamid.1", "hi")], contacts=[contact("15550001")])  # the same
    status_update("15550001", "wamid.out.1", "delivered")

Timestamps are Unix seconds as strings, as Meta writes them: a message was sent `age_seconds` ago
(a minute by default: inside the 24-hour customer-service window), a status now."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from typing import Any

import httpx

from wahook.http.signature import sign

# The business number every made-up body is addressed to, unless a test needs its own.
PHONE_NUMBER_ID = "100000001"
DISPLAY_PHONE_NUMBER = "15550000000"
BUSINESS_ACCOUNT_ID = "102290129340398"
CUSTOMER_NAME = "Ann"


def ago(seconds: int) -> str:
    """The Unix time `seconds` before now, as a webhook timestamp."""
    return str(int(time.time()) - seconds)


def message_item(
    customer: str, wamid: str, kind: str, content: dict[str, Any], age_seconds: int = 60
) -> dict[str, Any]:
    """One entry of value.messages: a message of type `kind` whose `content` sits under that key."""
    return {"from": customer, "id": wamid, "timestamp": ago(age_seconds), "type": kind, kind: content}


def text_item(customer: str, wamid: str, text: str, age_seconds: int = 60) -> dict[str, Any]:
    return message_item(customer, wamid, "text", {"body": text}, age_seconds)


def status_item(recipient: str, wamid: str, status: str, **extra: Any) -> dict[str, Any]:
    """One entry of value.statuses, sent now; `extra` adds fields (biz_opaque_callback_data, errors)."""
    return {"id": wamid, "status": status, "timestamp": ago(0), "recipient_id": recipient, **extra}


def contact(wa_id: str, name: str = CUSTOMER_NAME) -> dict[str, Any]:
    """One entry of value.contacts: the profile Meta sends along with a customer's messages."""
    return {"profile": {"name": name}, "wa_id": wa_id}


def notification(
    messages: Sequence[dict[str, Any]] = (),
    statuses: Sequence[dict[str, Any]] = (),
    contacts: Any = None,
    phone_number_id: str = PHONE_NUMBER_ID,
) -> dict[str, Any]:
    """A notification with one entry and one `messages` change carrying the items; value.contacts is
    `contacts` as given (any JSON, for tests of odd shapes), left out when None."""
    value: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": DISPLAY_PHONE_NUMBER, "phone_number_id": phone_number_id},
    }
    if contacts is not None:
        value["contacts"] = contacts
    if messages:
        value["messages"] = list(messages)
    if statuses:
        value["statuses"] = list(statuses)
    change = {"field": "messages", "value": value}
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": BUSINESS_ACCOUNT_ID, "changes": [change]}],
    }


def text_message(customer: str, wamid: str, text: str = "hello", age_seconds: int = 60) -> dict[str, Any]:
    """A notification carrying one text message from `customer`, sent `age_seconds` ago."""
    return notification([text_item(customer, wamid, text, age_seconds)], contacts=[contact(customer)])


def status_update(
    recipient: str, wamid: str, status: str, phone_number_id: str = PHONE_NUMBER_ID, **extra: Any
) -> dict[str, Any]:
    """A notification carrying one status of the reply `wamid` sent to `recipient`."""
    return notification(
        statuses=[status_item(recipient, wamid, status, **extra)], phone_number_id=phone_number_id
    )


def stamped_from(body: dict[str, Any], first_timestamp: int) -> tuple[dict[str, Any], int]:
    """`body` (changed in place) with its messages stamped from `first_timestamp` on, one second
    apart, so that they fall inside the 24-hour window and sort in the order they are posted.
    Returns it and the next stamp."""
    stamp = first_timestamp
    for entry in body.get("entry", []):
        for change in entry.get("changes", []):
            value = change.get("value") or {}
            for message in value.get("messages") or []:
                message["timestamp"] = str(stamp)
                stamp += 1
    return body, stamp


def post_signed(
    base_url: str, body: dict[str, Any] | bytes, secret: str, request_id: str | None = None
) -> httpx.Response:
    """POSTs `body` (bytes as they are, a dict as JSON) to /webhook, signed with the app secret of
    the sidecar under test, as Meta does."""
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": sign(secret, raw)}
    if request_id:
        headers["X-Request-ID"] = request_id
    return httpx.post(f"{base_url}/webhook", content=raw, headers=headers, timeout=10)

"""Real coexistence echo webhooks (david-lev/pywa's outgoing_message fixtures: a text the business
typed in the WhatsApp Business app, its edit, its deletion), rewritten to match a conversation of
the tests: our business number, the customer as the recipient, fresh wamids and a recent time."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from tests.webhook_bodies import DISPLAY_PHONE_NUMBER, PHONE_NUMBER_ID

ECHO_TEXT = "david-lev__pywa/outgoing_message__text.json"
ECHO_EDIT = "david-lev__pywa/outgoing_message__edit.json"
ECHO_DELETE = "david-lev__pywa/outgoing_message__delete.json"


def echo_body(
    fixtures_dir: Path, name: str, customer: str, wamid: str, original_wamid: str | None = None
) -> dict[str, Any]:
    """The fixture `name` with its one echo sent by our business to `customer` as `wamid` (an edit or
    a delete naming `original_wamid`)."""
    body: dict[str, Any] = json.loads((fixtures_dir / name).read_text(encoding="utf-8"))
    value = body["entry"][0]["changes"][0]["value"]
    assert body["entry"][0]["changes"][0]["field"] == "smb_message_echoes", name
    value["metadata"] = {"display_phone_number": DISPLAY_PHONE_NUMBER, "phone_number_id": PHONE_NUMBER_ID}
    for contact in value.get("contacts", []):
        contact["wa_id"] = customer
    (echo,) = value["message_echoes"]
    echo.update(
        {"from": DISPLAY_PHONE_NUMBER, "to": customer, "id": wamid, "timestamp": str(int(time.time()))}
    )
    echo.pop("to_user_id", None)
    echo.pop("to_parent_user_id", None)
    for kind in ("edit", "revoke"):
        if kind in echo:
            assert original_wamid, f"{name} names the message it changes"
            echo[kind]["original_message_id"] = original_wamid
    return body

"""Gradual rollout: per sender, deterministically, this pipeline or the legacy endpoint.

WA_ENHANCED_PROCESSING turns the pipeline on or off (default: on when no WA_LEGACY_WEBHOOK_URL is
set). When on, a sender goes through the pipeline if listed in WA_ENHANCED_USERS or if its bucket
(sha256 of the sender, 0-99) is below WA_ENHANCED_ROLLOUT_PERCENTAGE (default 100 without a legacy
URL, 0 with one); everyone else's untouched signed body is forwarded to WA_LEGACY_WEBHOOK_URL.
A body is routed by its first message's sender (the customer id the engine stores it under, see
message_sender), else its first status's recipient; a body with neither (account, template and
other notifications) goes to both.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import Enum
from typing import Any

import httpx

from wahook.config import RolloutSettings


class Route(Enum):
    PIPELINE = "pipeline"
    LEGACY = "legacy"
    BOTH = "both"


@dataclass(frozen=True)
class Rollout(RolloutSettings):
    """The settings (wahook.config.rollout) and the decisions they make."""

    def route(self, body: dict[str, Any]) -> Route:
        if self.legacy_url is None:
            return Route.PIPELINE
        sender = routing_key(body)
        if sender is None:
            return Route.BOTH
        return Route.PIPELINE if self.uses_pipeline(sender) else Route.LEGACY

    def uses_pipeline(self, sender: str) -> bool:
        if not self.enabled:
            return False
        return sender in self.users or bucket(sender) < self.percentage


def bucket(sender: str) -> int:
    """0-99, the same for a sender on every machine and every run."""
    return int.from_bytes(hashlib.sha256(sender.encode()).digest()[:8], "big") % 100


def routing_key(body: dict[str, Any]) -> str | None:
    statuses_key: str | None = None
    for value in changes_values(body):
        for message in list_at(value, "messages"):
            sender = message_sender(message, value.get("contacts"))
            if sender is not None:
                return sender
        for status in list_at(value, "statuses"):
            if statuses_key is None and isinstance(status, dict):
                recipient = status.get("recipient_id") or status.get("recipient_user_id")
                if isinstance(recipient, str) and recipient:
                    statuses_key = recipient
    return statuses_key


def message_sender(message: Any, contacts: Any) -> str | None:
    """The customer id the engine gives a message: the source of truth is the SQL function
    wahook_private.ingest_message_sender (db/functions/private/ingest_message_sender.sql), mirrored
    here fallback for fallback, so a sender is routed by the id its conversation is stored under.
    `from` (the wa_id), else the message's from_user_id or user_id, else the contact's wa_id, else
    its user_id; the contact is the first of `contacts` naming the sender, else the only one."""
    if not isinstance(message, dict):
        return None
    from_wa_id = json_text(message.get("from"))
    from_user_id = json_text(message.get("from_user_id"))
    if from_user_id is None:
        from_user_id = json_text(message.get("user_id"))
    if from_wa_id is not None:
        return from_wa_id
    if from_user_id is not None:
        return from_user_id
    # Here the message names no one, so no contact can match it by id: only a lone contact counts.
    objects = [c for c in contacts if isinstance(c, dict)] if isinstance(contacts, list) else []
    if len(objects) != 1:
        return None
    contact_wa_id = json_text(objects[0].get("wa_id"))
    return contact_wa_id if contact_wa_id is not None else json_text(objects[0].get("user_id"))


def json_text(value: Any) -> str | None:
    """wahook_private.ingest_json_text: the text of a JSON string or number, else None (an empty
    string stays a string). A float's digits are orjson's, not the body's (1e3 against the SQL's
    1000): no WhatsApp id is a fraction."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def changes_values(body: dict[str, Any]) -> list[dict[str, Any]]:
    values = []
    for entry in list_at(body, "entry"):
        if not isinstance(entry, dict):
            continue
        for change in list_at(entry, "changes"):
            if isinstance(change, dict) and change.get("field") == "messages":
                value = change.get("value")
                if isinstance(value, dict):
                    values.append(value)
    return values


def list_at(node: dict[str, Any], key: str) -> list[Any]:
    """node[key] when it is a list, else nothing: any JSON may arrive signed (`"entry": 5`,
    `"changes": true`), and routing must not fail on what the engine will refuse with a 400."""
    value = node.get(key)
    return value if isinstance(value, list) else []


class LegacyForwardError(Exception):
    """The legacy endpoint did not take the body; Meta must retry."""


async def forward(client: httpx.AsyncClient, url: str, body: bytes, headers: dict[str, str]) -> None:
    """POST the untouched body with its signature; raise LegacyForwardError unless 2xx."""
    try:
        response = await client.post(url, content=body, headers=headers)
    except httpx.HTTPError as exc:
        raise LegacyForwardError(f"legacy endpoint unreachable ({type(exc).__name__})") from exc
    if not response.is_success:
        raise LegacyForwardError(f"legacy endpoint answered {response.status_code}")

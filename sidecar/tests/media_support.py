"""Media webhooks for the media tests: the real bodies of public suites (tests/fixtures/whatsapp)
with their ids rewritten and their sha256 that of the bytes the Graph API stand-in serves, and the
engine's media fetching turned on."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

import psycopg

from tests.pipeline_support import allow_fast_turns

PYWA = Path("david-lev__pywa")
BINDAMBC = Path("Bindambc__whatsapp-business-java-api")


def webhook_sha256(content: bytes) -> str:
    """The sha256 as webhooks carry it: base64."""
    return base64.b64encode(hashlib.sha256(content).digest()).decode()


def media_fixture(
    fixtures_dir: Path, fixture: Path, customer: str, wamid: str, media_id: str, content: bytes
) -> dict[str, Any]:
    """A real media webhook with its customer, wamid and media id rewritten (fixtures share them),
    and its sha256 that of `content` (what the stand-in serves)."""
    body: dict[str, Any] = json.loads((fixtures_dir / fixture).read_text(encoding="utf-8"))
    value = body["entry"][0]["changes"][0]["value"]
    for c in value.get("contacts", []):
        c["wa_id"] = customer
    message = value["messages"][0]
    message.update({"from": customer, "id": wamid})
    message[message["type"]].update({"id": media_id, "sha256": webhook_sha256(content)})
    return body


def enable_media(conn: psycopg.Connection[Any], **settings: Any) -> None:
    """Media fetching on, retried after a second; turns not limited (allow_fast_turns)."""
    allow_fast_turns(conn, media_fetch_enabled=True, media_retry_base_seconds=1, **settings)

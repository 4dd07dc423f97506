"""The SHA-256 a media should have. Webhooks give it base64-encoded (44 characters); the Graph API's
GET /{media-id} gives it as 64 hex digits. Either form is read here, and anything else (a
placeholder, a truncated value) is no checksum at all."""

from __future__ import annotations

import base64
import binascii
import re

DIGEST_BYTES = 32
HEX_DIGEST = re.compile(r"[0-9a-fA-F]{64}")


def sha256_digest(value: object) -> bytes | None:
    """The 32-byte digest `value` spells (hex or base64, standard or URL-safe), or None."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if HEX_DIGEST.fullmatch(text):
        return bytes.fromhex(text)
    try:
        digest = base64.b64decode(text.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError):
        return None
    return digest if len(digest) == DIGEST_BYTES else None


def expected_digest(webhook_sha256: str | None, graph_sha256: object) -> bytes | None:
    """What the download must hash to: the webhook's sha256 when it is one, else the Graph API's."""
    return sha256_digest(webhook_sha256) or sha256_digest(graph_sha256)

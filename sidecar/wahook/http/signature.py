"""Meta's X-Hub-Signature-256: HMAC-SHA256 of the raw body under the app secret."""

from __future__ import annotations

import hashlib
import hmac

PREFIX = "sha256="


class SignatureError(Exception):
    """The request is not signed by the app secret; the message says why (never the secret)."""


def sign(secret: str, body: bytes) -> str:
    return PREFIX + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str | None) -> None:
    """Raise SignatureError unless header is the signature of exactly these bytes."""
    if not header:
        raise SignatureError("missing X-Hub-Signature-256 header")
    if not header.startswith(PREFIX):
        raise SignatureError("X-Hub-Signature-256 must start with sha256=")
    # compare_digest takes constant time for equal lengths, so a guess learns nothing from timing.
    if not hmac.compare_digest(sign(secret, body).encode(), header.strip().lower().encode()):
        raise SignatureError("X-Hub-Signature-256 does not match the body")

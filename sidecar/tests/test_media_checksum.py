"""The sha256 a media must have: webhooks carry it base64-encoded, the Graph API's GET /{media-id}
as hex; a placeholder (the pywa fixtures carry some) is no checksum, and the Graph API's is used."""

from __future__ import annotations

import base64
import hashlib

from wahook.media.checksum import expected_digest, sha256_digest

DIGEST = hashlib.sha256(b"voice note").digest()


def test_base64_and_hex_spell_the_same_digest() -> None:
    assert sha256_digest(base64.b64encode(DIGEST).decode()) == DIGEST
    assert sha256_digest(base64.urlsafe_b64encode(DIGEST).decode()) == DIGEST
    assert sha256_digest(DIGEST.hex()) == DIGEST
    assert sha256_digest(DIGEST.hex().upper()) == DIGEST


def test_anything_else_is_no_digest() -> None:
    # From the fixtures: a truncated value, and one of the wrong length.
    for value in ["4654+8g=", "HcwyCKrTKXHk0a00ms4HWIA76GY0Du6q4Z/iuwevw=", "", "not base64!", None, 42]:
        assert sha256_digest(value) is None, value


def test_the_webhooks_digest_comes_first_and_the_graph_apis_fills_in() -> None:
    other = hashlib.sha256(b"other").digest()
    assert expected_digest(base64.b64encode(DIGEST).decode(), other.hex()) == DIGEST
    assert expected_digest("4654+8g=", other.hex()) == other
    assert expected_digest(None, None) is None

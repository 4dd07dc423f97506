from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest

from tests.pipeline_support import wait_until_ingested
from tests.server_support import free_port, running_sidecar
from tests.webhook_bodies import post_signed
from wahook.config import Config
from wahook.http.signature import sign

SECRET = "test-app-secret"
VERIFY_TOKEN = "test-verify-token"


@pytest.fixture
def base_url(database_url: str) -> Iterator[str]:
    config = Config(database_url=database_url, app_secret=SECRET, verify_token=VERIFY_TOKEN)
    with running_sidecar(config) as url:
        yield url


def stored_body_count(database_url: str) -> int:
    """Bodies stored anywhere: waiting in the inbox or ingested into webhook_events."""
    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            "select (select count(*) from wahook_private.webhook_inbox)"
            " + (select count(*) from wahook_private.webhook_events)"
        ).fetchone()
    assert row is not None
    return int(row[0])


def post(base_url: str, body: bytes, signature: str | None) -> httpx.Response:
    """POSTs `body` with the signature given (none, a wrong one); tests/webhook_bodies.post_signed
    signs it right."""
    sent = {"Content-Type": "application/json"}
    if signature is not None:
        sent["X-Hub-Signature-256"] = signature
    return httpx.post(f"{base_url}/webhook", content=body, headers=sent, timeout=10)


def test_handshake_answers_the_challenge_as_plain_text(base_url: str) -> None:
    params = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"}
    response = httpx.get(f"{base_url}/webhook", params=params)
    assert response.status_code == 200
    assert response.text == "1158201444"
    assert response.headers["content-type"].startswith("text/plain")


@pytest.mark.parametrize(
    ("mode", "token"), [("subscribe", "wrong-token"), ("unsubscribe", VERIFY_TOKEN), ("", "")]
)
def test_handshake_with_wrong_token_or_mode_is_403(base_url: str, mode: str, token: str) -> None:
    params = {"hub.mode": mode, "hub.verify_token": token, "hub.challenge": "42"}
    response = httpx.get(f"{base_url}/webhook", params=params)
    assert response.status_code == 403
    assert "42" not in response.text


def test_signed_fixture_is_stored_and_answered_200(
    base_url: str, database_url: str, fixtures_dir: Path
) -> None:
    body = (fixtures_dir / "Bindambc__whatsapp-business-java-api" / "message_text.json").read_bytes()
    response = post_signed(base_url, body, SECRET, request_id="req-123")
    assert response.status_code == 200, response.text
    assert response.headers["x-request-id"] == "req-123"
    wait_until_ingested(database_url)
    with psycopg.connect(database_url) as conn:
        row = conn.execute("select payload, correlation_id from wahook_private.webhook_events").fetchone()
    assert row is not None
    assert row[0] == json.loads(body)
    assert row[1] == "req-123"


def test_bodies_with_escapes_and_emoji_verify_over_the_raw_bytes(base_url: str, database_url: str) -> None:
    # Re-serialising would turn \u00e4 into ä or \/ into /, and break the signature.
    body = (
        b'{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"account_update",'
        b'"value":{"event":"VERIFIED_ACCOUNT",'
        b'"note":"K\\u00e4se \\/ caf\xc3\xa9 @shop \xf0\x9f\x8d\x95"}}]}]}'
    )
    response = post_signed(base_url, body, SECRET)
    assert response.status_code == 200, response.text
    wait_until_ingested(database_url)
    assert stored_body_count(database_url) == 1


@pytest.mark.parametrize(
    ("signature", "reason"),
    [
        (None, "missing X-Hub-Signature-256"),
        ("sha256=" + "0" * 64, "does not match"),
        ("md5=abc", "must start with sha256="),
        (sign("another-secret", b"{}"), "does not match"),
    ],
)
def test_unsigned_or_wrongly_signed_body_is_401_and_stored_nowhere(
    base_url: str, database_url: str, fixtures_dir: Path, signature: str | None, reason: str
) -> None:
    body = (fixtures_dir / "netflie__whatsapp-cloud-api" / "message_text.json").read_bytes()
    response = post(base_url, body, signature)
    assert response.status_code == 401
    assert reason in response.json()["error"]
    assert stored_body_count(database_url) == 0


def test_signature_of_other_bytes_is_refused(base_url: str, database_url: str) -> None:
    body = b'{"object":"whatsapp_business_account","entry":[]}'
    response = post(base_url, body + b" ", sign(SECRET, body))
    assert response.status_code == 401
    assert stored_body_count(database_url) == 0


def test_body_over_3_mib_is_413_and_stored_nowhere(base_url: str, database_url: str) -> None:
    body = b'{"pad":"' + b"x" * (3 * 1024 * 1024) + b'"}'
    response = post_signed(base_url, body, SECRET)
    assert response.status_code == 413
    assert stored_body_count(database_url) == 0


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b"\xff\xfe", b'{"a": "\\u0000"}'])
def test_signed_body_that_is_not_a_json_object_is_400_and_stored_nowhere(
    base_url: str, database_url: str, body: bytes
) -> None:
    response = post_signed(base_url, body, SECRET)
    assert response.status_code == 400
    assert response.json()["error"]
    assert stored_body_count(database_url) == 0


def test_unreachable_database_is_503_with_retry_after() -> None:
    url = f"postgresql://nobody:nothing@127.0.0.1:{free_port()}/none?connect_timeout=1"
    config = Config(database_url=url, app_secret=SECRET, verify_token=VERIFY_TOKEN, pool_timeout_seconds=0.5)
    body = b'{"object":"whatsapp_business_account","entry":[]}'
    with running_sidecar(config) as base:
        response = post_signed(base, body, SECRET)
    assert response.status_code == 503
    assert response.headers["retry-after"].isdigit()


def test_serve_refuses_to_start_without_secrets(database_url: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WA_", "WAHOOK_INSECURE"))}
    env["DATABASE_URL"] = database_url
    result = subprocess.run(
        [sys.executable, "-m", "wahook.cli", "serve"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "WA_APP_SECRET and WA_VERIFY_TOKEN not set" in result.stderr

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest

from tests.fake_legacy import FakeLegacy
from tests.server_support import running_app, running_sidecar
from tests.webhook_bodies import post_signed, text_message
from wahook.config import Config, ConfigError
from wahook.http.rollout import Rollout, Route, bucket, routing_key
from wahook.http.signature import sign

SECRET = "rollout-secret"


def test_bucket_is_deterministic_and_spread() -> None:
    assert bucket("16505551234") == bucket("16505551234")
    buckets = {bucket(str(15550000000 + i)) for i in range(2000)}
    assert buckets == set(range(100))


def test_routing_key_is_the_first_sender_else_the_first_recipient(fixtures_dir: Path) -> None:
    message = json.loads((fixtures_dir / "david-lev__pywa" / "message__text.json").read_text())
    status = json.loads((fixtures_dir / "david-lev__pywa" / "message_status__read.json").read_text())
    account = json.loads(
        (fixtures_dir / "david-lev__pywa" / "account_update__account_violation.json").read_text()
    )
    assert routing_key(message) == message["entry"][0]["changes"][0]["value"]["messages"][0]["from"]
    assert routing_key(status) == status["entry"][0]["changes"][0]["value"]["statuses"][0]["recipient_id"]
    assert routing_key(account) is None


def test_listed_users_and_the_percentage_choose_the_pipeline() -> None:
    plan = Rollout(enabled=True, users=frozenset({"111"}), percentage=30, legacy_url="http://legacy")
    assert plan.route(text_message("111", "w1")) is Route.PIPELINE
    for sender in (str(16000000000 + i) for i in range(200)):
        expected = Route.PIPELINE if bucket(sender) < 30 or sender == "111" else Route.LEGACY
        assert plan.route(text_message(sender, "w")) is expected
    assert (
        Rollout(enabled=False, users=frozenset({"111"}), legacy_url="http://l").route(
            text_message("111", "w")
        )
        is Route.LEGACY
    )


def test_without_a_legacy_url_everything_uses_the_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("WA_LEGACY_WEBHOOK_URL", "WA_ENHANCED_PROCESSING", "WA_ENHANCED_ROLLOUT_PERCENTAGE"):
        monkeypatch.delenv(name, raising=False)
    plan = Rollout.from_env()
    assert plan.enabled
    assert plan.route(text_message("123", "w")) is Route.PIPELINE


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"WA_ENHANCED_PROCESSING": "maybe"}, "true or false"),
        ({"WA_ENHANCED_ROLLOUT_PERCENTAGE": "101", "WA_LEGACY_WEBHOOK_URL": "http://l"}, "0 to 100"),
        ({"WA_ENHANCED_PROCESSING": "false"}, "WA_LEGACY_WEBHOOK_URL must be set"),
    ],
)
def test_bad_rollout_settings_are_clear_errors(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], message: str
) -> None:
    for name in ("WA_LEGACY_WEBHOOK_URL", "WA_ENHANCED_PROCESSING", "WA_ENHANCED_ROLLOUT_PERCENTAGE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=message):
        Rollout.from_env()


@pytest.fixture
def legacy() -> Iterator[tuple[FakeLegacy, str]]:
    fake = FakeLegacy()
    with running_app(fake.app()) as url:
        yield fake, f"{url}/legacy"


def stored_messages(database_url: str) -> int:
    with psycopg.connect(database_url) as conn:
        row = conn.execute("select count(*) from wahook_private.webhook_events").fetchone()
    assert row is not None
    return int(row[0])


def post_through(database_url: str, plan: Rollout, raw: bytes) -> httpx.Response:
    """POSTs `raw`, signed, to a sidecar that routes by `plan`; its answer."""
    config = Config(database_url=database_url, app_secret=SECRET, verify_token="t")
    with running_sidecar(config, plan) as base:
        return post_signed(base, raw, SECRET)


def test_legacy_senders_get_the_untouched_signed_body_and_nothing_is_stored(
    database_url: str, legacy: tuple[FakeLegacy, str]
) -> None:
    fake, legacy_url = legacy
    plan = Rollout(enabled=True, users=frozenset({"222"}), percentage=0, legacy_url=legacy_url)
    raw = json.dumps(text_message("333", "wamid.legacy"), separators=(",", ":")).encode() + b"\n"
    response = post_through(database_url, plan, raw)
    assert response.status_code == 200
    assert response.json()["route"] == "legacy"
    assert [r.body for r in fake.received] == [raw]
    assert fake.received[0].headers["x-hub-signature-256"] == sign(SECRET, raw)
    assert stored_messages(database_url) == 0


def test_pipeline_senders_are_stored_and_not_forwarded(
    database_url: str, legacy: tuple[FakeLegacy, str]
) -> None:
    fake, legacy_url = legacy
    plan = Rollout(enabled=True, users=frozenset({"222"}), percentage=0, legacy_url=legacy_url)
    raw = json.dumps(text_message("222", "wamid.pipeline")).encode()
    response = post_through(database_url, plan, raw)
    assert response.status_code == 200
    assert response.json()["route"] == "pipeline"
    assert fake.received == []
    assert stored_messages(database_url) == 1


def test_a_failed_forward_is_answered_5xx_so_meta_retries(
    database_url: str, legacy: tuple[FakeLegacy, str]
) -> None:
    fake, legacy_url = legacy
    fake.fail_with = 500
    plan = Rollout(enabled=True, percentage=0, legacy_url=legacy_url)
    raw = json.dumps(text_message("444", "wamid.down")).encode()
    response = post_through(database_url, plan, raw)
    assert response.status_code == 502
    assert "Retry-After" in response.headers
    assert len(fake.received) == 1

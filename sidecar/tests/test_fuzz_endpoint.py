"""bench/fuzz.py at a small count: every mutation kind, signed, sent over real HTTP to a real
`wahook serve` (plain, and with a legacy URL so the Python routing path parses each body) and
given to wahook.process_message; none may be answered 5xx or reset, leave rows when refused, or
fail in the inbox when accepted."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from tests.fake_legacy import FakeLegacy
from tests.paths import REPO
from tests.server_support import running_app, running_sidecar
from tests.webhook_bodies import post_signed
from wahook.config import Config
from wahook.http.rollout import Rollout, routing_key

SECRET = "fuzz-secret"
# Bodies the fuzzer found answered 500 (the connection then closed) once a legacy URL was set.
NOT_LISTS = [
    b'{"object":"whatsapp_business_account","entry":5}',
    b'{"object":"whatsapp_business_account","entry":true}',
    b'{"object":"whatsapp_business_account","entry":[{"id":"1","changes":true}]}',
    b'{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages",'
    b'"value":{"metadata":{"phone_number_id":"1"},"messages":5,"statuses":-1}}]}]}',
]


@pytest.mark.parametrize("raw", NOT_LISTS)
def test_routing_skips_what_is_not_a_list(raw: bytes) -> None:
    assert routing_key(orjson.loads(raw)) is None


@pytest.fixture
def legacy() -> Iterator[str]:
    with running_app(FakeLegacy().app()) as base:
        yield f"{base}/legacy"


def test_with_a_legacy_url_malformed_bodies_get_a_400_with_a_reason(database_url: str, legacy: str) -> None:
    config = Config(database_url=database_url, app_secret=SECRET, verify_token="t")
    plan = Rollout(enabled=True, percentage=50, legacy_url=legacy)
    hostile = [*NOT_LISTS, b'{"a":' + b"9" * 5000 + b"}", b"[" * 5000 + b"]" * 5000]
    with running_sidecar(config, plan) as base:
        for raw in hostile:
            response = post_signed(base, raw, SECRET)
            assert response.status_code == 400, (raw[:80], response.text)
            assert response.json()["error"], raw[:80]


def test_fuzzed_bodies_get_a_200_or_a_4xx_and_nothing_is_half_stored(admin_url: str, tmp_path: Path) -> None:
    out_file = tmp_path / "benchmarks.md"
    out_file.write_text("# Benchmarks\n", encoding="utf-8")
    command = [sys.executable, str(REPO / "bench/fuzz.py"), "--count=300", "--seed=7"]
    result = subprocess.run(
        [*command, f"--server-url={admin_url}", f"--out={out_file}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    out = result.stdout + result.stderr
    assert "violations: 0" in out, out[-6000:]
    assert result.returncode == 0, out[-6000:]
    written = out_file.read_text(encoding="utf-8")
    assert "<!-- fuzz:begin" in written and "<!-- fuzz:end -->" in written
    rows = [line for line in written.splitlines() if line.startswith("| ")]
    for kind in (
        "nested 5,000 deep",
        "5,000-digit integer",
        '"entry" not an array of objects',
        "20,000 statuses",
    ):
        assert any(line.startswith(f"| {kind} |") for line in rows), f"{kind} was not sent"

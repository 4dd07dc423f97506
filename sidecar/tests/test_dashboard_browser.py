"""The dashboard in a real headless Chromium (Debian's `chromium`, installed by scripts/setup):
the page is loaded from a running sidecar whose database has traffic, and the charts it drew must
carry the numbers SQL gives. Screenshots (laptop and phone widths) are kept in .wahook/artifacts/.
Without chromium the test fails: it is a prerequisite, not an option."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests import traffic_support as traffic
from tests.host_tools import chromium
from tests.paths import REPO
from tests.server_support import running_sidecar
from tests.webhook_bodies import post_signed, text_message
from wahook.config import Config

ARTIFACTS = REPO / ".wahook" / "artifacts"
# Virtual time: the page's fetch and drawing complete before the DOM is dumped, without waiting
# wall-clock time for it (the budget is below the page's refresh period).
BUDGET_MS = "8000"


class Elements(HTMLParser):
    """Every start tag of a document with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {k: v or "" for k, v in attrs}))

    def all(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        wanted = {k.replace("_", "-"): v for k, v in attrs.items()}
        return [a for t, a in self.found if t == tag and all(a.get(k) == v for k, v in wanted.items())]

    def one(self, tag: str, **attrs: str) -> dict[str, str]:
        matches = self.all(tag, **attrs)
        assert len(matches) == 1, f"expected one <{tag} {attrs}>, found {len(matches)}"
        return matches[0]


def browse(url: str, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [
        chromium(),
        "--headless",
        "--no-sandbox",  # root in CI containers
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        f"--user-data-dir={profile}",
        f"--virtual-time-budget={BUDGET_MS}",
        *extra,
        url,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


@pytest.fixture
def busy_sidecar(database_url: str) -> Iterator[tuple[str, psycopg.Connection[Any]]]:
    config = Config(database_url=database_url, app_secret=traffic.SECRET, verify_token=traffic.VERIFY_TOKEN)
    with running_sidecar(config) as url, psycopg.connect(database_url, autocommit=True) as conn:
        for n in range(6):
            body = text_message(f"1555050000{n}", f"wamid.browser.{n}")
            assert post_signed(url, body, traffic.SECRET).status_code == 200
        # Six turns: two fail (they wait in the DLQ for a retry), four complete.
        assert traffic.run_turns(conn, fail_with={1: "timeout", 4: "http_429"}) == 6
        conn.execute("select tests.health_conversation('stuck-1', 'pending', now() - interval '20 minutes')")
        yield url, conn


def scalar(conn: psycopg.Connection[Any], query: str) -> Any:
    row = conn.execute(query).fetchone()
    assert row is not None
    return row[0]


def test_the_dashboard_draws_the_numbers_of_the_database(
    busy_sidecar: tuple[str, psycopg.Connection[Any]], tmp_path: Path
) -> None:
    url, conn = busy_sidecar
    dom = browse(f"{url}/dashboard", tmp_path / "profile", "--dump-dom").stdout
    page = Elements()
    page.feed(dom)

    assert page.one("body")["data-state"] == "drawn", "the page fetched data.json and drew it"
    assert page.one("span", id="overall")["data-status"] == "warn", "a stuck conversation is a warning"

    # Throughput: each line sums what webhook_throughput counts.
    received = scalar(conn, "select sum(received) from wahook.webhook_throughput")
    completed = scalar(conn, "select sum(completed) from wahook.webhook_throughput")
    failed = scalar(conn, "select sum(failed) from wahook.webhook_throughput")
    assert (received, completed, failed) == (6, 4, 2)
    assert float(page.one("path", data_series="received")["data-sum"]) == received
    assert float(page.one("path", data_series="completed")["data-sum"]) == completed
    assert float(page.one("path", data_series="failed")["data-sum"]) == failed
    assert page.one("path", data_series="received")["d"].startswith("M"), "a line was drawn"

    # Latency: the p95 line reaches the p95 of the busiest hour.
    p95 = scalar(conn, "select max(p95_processing_ms) from wahook.webhook_processing_performance")
    assert p95 is not None
    assert float(page.one("path", data_series="p95_processing_ms")["data-max"]) == pytest.approx(float(p95))

    # DLQ: one bar per status and error class with its count.
    dlq = conn.execute("select status, error_class, entry_count from wahook.webhook_dlq_status").fetchall()
    assert sorted(dlq) == [("retry_scheduled", "http_429", 1), ("retry_scheduled", "timeout", 1)]
    for status, error_class, count in dlq:
        bar = page.one("rect", data_status=status, data_error_class=error_class)
        assert float(bar["data-value"]) == count

    # Stuck conversations: the one SQL flags, by its key.
    stuck = scalar(
        conn, "select conversation_id::text from wahook.webhook_conversation_health where is_stuck"
    )
    bar = page.one("rect", data_conversation=stuck)
    assert float(bar["data-value"]) >= 1200

    # Agent errors: the columns add up to the failed turns of the day.
    errors = scalar(
        conn,
        "select sum(error_count) from wahook.agent_session_metrics "
        "where period = 'hour' and period_start > now() - interval '24 hours'",
    )
    assert errors == 2
    agent_chart = [a for t, a in page.found if t == "svg" and a.get("data-sum") == "2"]
    assert agent_chart, "the agent errors chart sums to 2"

    # The health table lists every check.
    assert len(page.all("tr", data_status="ok")) + len(page.all("tr", data_status="warn")) == 12
    assert page.one("div", data_card="received")["data-value"] == "6"


def test_screenshots_at_laptop_and_phone_widths(
    busy_sidecar: tuple[str, psycopg.Connection[Any]], tmp_path: Path
) -> None:
    url, _ = busy_sidecar
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, size in (("laptop", "1366,1800"), ("phone", "390,3000")):
        shot = ARTIFACTS / f"dashboard-{name}.png"
        shot.unlink(missing_ok=True)
        browse(
            f"{url}/dashboard",
            tmp_path / f"profile-{name}",
            f"--screenshot={shot}",
            f"--window-size={size}",
            "--hide-scrollbars",
        )
        assert shot.stat().st_size > 20_000, f"{shot} looks empty"
        print(f"dashboard screenshot: {shot}")

"""dashboards/grafana.json: importable as is (its data sources are __inputs), every SQL panel query
runs as wahook_reader (the BI role) against a database with traffic, and every Prometheus query names
only metrics the sidecar exposes."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import psycopg
import pytest

from tests import traffic_support as traffic
from tests.paths import REPO
from tests.server_support import running_sidecar
from tests.webhook_bodies import post_signed, text_message
from wahook.config import Config

DASHBOARD = REPO / "dashboards" / "grafana.json"
PG_INPUT = "${DS_WAHOOK_POSTGRES}"
PROM_INPUT = "${DS_PROMETHEUS}"


@pytest.fixture(scope="module")
def dashboard() -> dict[str, Any]:
    data = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def targets(dashboard: dict[str, Any], uid: str) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for panel in dashboard["panels"]:
        for target in panel.get("targets", []):
            if (target.get("datasource") or panel["datasource"])["uid"] == uid:
                found.append((panel["title"], target))
    return found


def expand_macros(query: str) -> str:
    """Grafana's Postgres macros, as Grafana expands them for the last 24 hours."""
    query = re.sub(r"\$__timeFilter\(([^)]+)\)", r"\1 between now() - interval '24 hours' and now()", query)
    query = query.replace("$__timeFrom()", "(now() - interval '24 hours')").replace("$__timeTo()", "now()")
    assert "$" not in query, f"unexpanded macro in {query}"
    return query


def test_is_an_importable_dashboard_with_two_data_source_inputs(dashboard: dict[str, Any]) -> None:
    inputs = {i["name"]: i for i in dashboard["__inputs"]}
    assert {n: (i["type"], i["pluginId"]) for n, i in inputs.items()} == {
        "DS_WAHOOK_POSTGRES": ("datasource", "grafana-postgresql-datasource"),
        "DS_PROMETHEUS": ("datasource", "prometheus"),
    }
    assert dashboard["uid"] and dashboard["title"] and dashboard["id"] is None
    ids = [p["id"] for p in dashboard["panels"]]
    assert len(ids) == len(set(ids)), "panel ids are unique"
    for panel in dashboard["panels"]:
        if panel["type"] == "row":
            continue
        assert panel["datasource"]["uid"] in (PG_INPUT, PROM_INPUT), panel["title"]
        assert panel["targets"], panel["title"]
        refs = [t["refId"] for t in panel["targets"]]
        assert len(refs) == len(set(refs)), panel["title"]
    # Every uid used is an input, so an import asks for both data sources and nothing else.
    used = set(re.findall(r"\$\{(DS_[A-Z_]+)\}", DASHBOARD.read_text(encoding="utf-8")))
    assert used == set(inputs)


@pytest.fixture
def busy_database(database_url: str) -> str:
    """Traffic through the real sidecar, then turns: some views have rows to return."""
    config = Config(database_url=database_url, app_secret=traffic.SECRET, verify_token=traffic.VERIFY_TOKEN)
    with running_sidecar(config) as url:
        for n in range(4):
            body = text_message(f"1555040000{n}", f"wamid.grafana.{n}")
            assert post_signed(url, body, traffic.SECRET).status_code == 200
    with psycopg.connect(database_url, autocommit=True) as conn:
        traffic.run_turns(conn, fail_with={1: "timeout"})
        conn.execute("select tests.health_conversation('stuck-1', 'pending', now() - interval '20 minutes')")
    return database_url


def test_every_sql_query_runs_as_the_reader(dashboard: dict[str, Any], busy_database: str) -> None:
    queries = targets(dashboard, PG_INPUT)
    assert len(queries) >= 8
    nonempty = set()
    with psycopg.connect(busy_database) as conn:
        conn.execute("set role wahook_reader")
        conn.execute("set search_path = wahook, public")  # the reader's own setting, as at login
        for title, target in queries:
            assert target["rawQuery"] is True and target["format"] in ("time_series", "table"), title
            try:
                rows = conn.execute(expand_macros(target["rawSql"])).fetchall()
            except psycopg.Error as exc:
                raise AssertionError(f"panel {title!r}: {exc}") from exc
            if rows:
                nonempty.add(title)
    assert {
        "Health checks",
        "Throughput per 5 minutes",
        "Dead letter queue by status and error class",
    } <= nonempty
    assert "Stuck conversations, longest first" in nonempty


def test_time_series_queries_return_a_time_column_first(
    dashboard: dict[str, Any], busy_database: str
) -> None:
    with psycopg.connect(busy_database) as conn:
        conn.execute("set role wahook_reader")
        for title, target in targets(dashboard, PG_INPUT):
            if target["format"] != "time_series":
                continue
            cur = conn.execute(expand_macros(target["rawSql"]))
            assert cur.description is not None
            assert cur.description[0].name == "time", title


def test_prometheus_queries_name_only_exposed_metrics(dashboard: dict[str, Any], database_url: str) -> None:
    with running_sidecar(Config(database_url=database_url)) as url:
        exposed = httpx.get(f"{url}/metrics", timeout=10).text
    names = set(re.findall(r"^(wahook_[a-z_]+)", exposed, flags=re.MULTILINE))
    queries = targets(dashboard, PROM_INPUT)
    assert len(queries) >= 8
    for title, target in queries:
        used = set(re.findall(r"\bwahook_[a-z_]+", target["expr"]))
        assert used, title
        assert used <= names, f"panel {title!r} names metrics the sidecar does not expose: {used - names}"

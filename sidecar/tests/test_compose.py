"""docker-compose.yml for real: the images built from this checkout, `up`, a signed webhook to the
published port answered through a Graph API stand-in, workers scaled to 2, the db service
restarted and the pipeline recovering, then `down -v`. Run with each Compose implementation this
machine has (Compose v2 as `docker compose`, Debian's v1 as `docker-compose`); where there is no
Docker engine (scripts/docker-engine starts one where it can), the test says so and is skipped."""

from __future__ import annotations

import re
import secrets
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.compose_support import (
    COMPOSE_CLIS,
    ComposeCli,
    Stack,
    docker_unavailable,
    env_file,
    health_of,
    host_gateway_address,
    project_name,
)
from tests.fake_graph import FakeGraph, running_fake_graph
from tests.paths import REPO
from tests.server_support import free_port
from tests.webhook_bodies import post_signed, text_message


@dataclass
class Deployment:
    stack: Stack
    url: str
    graph: FakeGraph
    settings: dict[str, str]

    def post(self, body: dict[str, object]) -> httpx.Response:
        return post_signed(self.url, body, self.settings["WA_APP_SECRET"])

    def post_until_stored(self, body: dict[str, object], timeout: float) -> list[int]:
        """Posts as Meta does, again after each 503 (Retry-After), until a 200; the statuses seen."""
        seen: list[int] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                seen.append(self.post(body).status_code)
            except httpx.TransportError:
                seen.append(0)
            if seen[-1] == 200:
                return seen
            time.sleep(1)
        raise AssertionError(f"no 200 within {timeout} s: {seen}\n{self.stack.logs()}")

    def wait(self, what: str, done: Callable[[], bool], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not done():
            if time.monotonic() > deadline:
                raise AssertionError(f"{what} not within {timeout} s\n{self.stack.logs()}")
            time.sleep(0.5)

    def replies(self) -> list[str]:
        return [str(r.json["text"]["body"]) for r in self.graph.snapshot() if r.json.get("type") == "text"]

    def ready(self) -> bool:
        try:
            return httpx.get(f"{self.url}/health/ready", timeout=3).status_code == 200
        except httpx.TransportError:
            return False


@pytest.fixture(params=COMPOSE_CLIS, ids=lambda cli: cli.kind)
def deployment(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Deployment]:
    cli: ComposeCli = request.param
    reason = docker_unavailable()
    if reason:
        pytest.skip(f"no Docker here, so docker-compose.yml is not tested: {reason}")
    version = cli.version()
    if version is None:
        pytest.skip(f"{cli.name} is not installed here")
    subprocess.run([str(REPO / "scripts/base-image")], check=True, capture_output=True, timeout=900)
    with running_fake_graph(host=host_gateway_address()) as (graph, graph_url):
        port = free_port()
        graph_port = graph_url.split(":")[-1].split("/")[0]
        settings = env_file(
            tmp_path / "stack.env",
            WAHOOK_PUBLISH=f"127.0.0.1:{port}",
            WA_ACCESS_TOKEN=secrets.token_hex(16),
            WA_GRAPH_API_URL=f"http://graph.test:{graph_port}/v21.0",
            WAHOOK_DEV_GRAPH="0",
        )
        # The stand-in runs on the host: the workers find it by name, as they would Meta.
        override = tmp_path / "graph-stand-in.yml"
        override.write_text('services:\n  worker:\n    extra_hosts:\n      - "graph.test:host-gateway"\n')
        stack = Stack(cli, project_name(), tmp_path / "stack.env", (REPO / "docker-compose.yml", override))
        try:
            stack.run("build", timeout=1200)
            stack.run("up", "-d", timeout=600)
            yield Deployment(stack, f"http://127.0.0.1:{port}", graph, settings)
        finally:
            stack.run("down", "-v", "--remove-orphans", timeout=300)


def test_compose_up_answers_scales_and_survives_a_database_restart(deployment: Deployment) -> None:
    d = deployment
    d.wait("the endpoint ready", d.ready, timeout=180)

    challenge = httpx.get(
        f"{d.url}/webhook",
        params={
            "hub.mode": "subscribe",
            "hub.verify_token": d.settings["WA_VERIFY_TOKEN"],
            "hub.challenge": "42",
        },
        timeout=10,
    )
    assert (challenge.status_code, challenge.text) == (200, "42")

    first = text_message("15550001001", f"wamid.compose.{secrets.token_hex(6)}", "hello from compose")
    assert d.post(first).status_code == 200
    d.wait("the first reply", lambda: len(d.replies()) == 1, timeout=120)
    request = d.graph.snapshot()[-1]
    phone_number_id = first["entry"][0]["changes"][0]["value"]["metadata"]["phone_number_id"]
    assert request.path == f"/v21.0/{phone_number_id}/messages"
    assert request.headers["authorization"] == f"Bearer {d.settings['WA_ACCESS_TOKEN']}"
    assert (request.json["to"], request.json["text"]["body"]) == ("15550001001", "echo: hello from compose")

    d.stack.run("up", "-d", "--scale", "worker=2", "--no-recreate", timeout=300)
    d.wait(
        "two healthy workers",
        lambda: [health_of(c) for c in d.stack.containers("worker")] == ["healthy", "healthy"],
        timeout=180,
    )
    texts = [f"scaled {n}" for n in range(6)]
    for n, text in enumerate(texts):
        body = text_message(f"1555000200{n % 3}", f"wamid.compose.{secrets.token_hex(6)}", text)
        assert d.post(body).status_code == 200
    d.wait("the replies with two workers", lambda: len(d.replies()) >= 1 + len(texts), timeout=120)

    d.stack.run("restart", "db", timeout=300)
    after = text_message("15550003001", f"wamid.compose.{secrets.token_hex(6)}", "after the restart")
    statuses = d.post_until_stored(after, timeout=180)
    assert set(statuses) <= {0, 200, 503}, statuses
    d.wait("the reply after the restart", lambda: "echo: after the restart" in d.replies(), timeout=180)

    # Every message answered exactly once, whatever the scaling and the restart did meanwhile.
    time.sleep(3)
    answered = [t.removeprefix("echo: ") for t in d.replies()]
    for text in ["hello from compose", *texts, "after the restart"]:
        assert text in " | ".join(answered), (text, answered)
    assert sum(len(a.split(" | ")) for a in answered) == 1 + len(texts) + 1, answered


def test_every_documented_setting_reaches_the_sidecar_services() -> None:
    """The compose file passes each variable of README's Environment table to wahook and worker
    (those the file or the image set themselves aside), so a setting put in .env takes effect."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Environment", 1)[1].split("\n## ", 1)[0]
    documented = {
        name
        for line in table.splitlines()
        if line.startswith("| `")
        for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", line.split("|")[1])
    }
    compose = (REPO / "docker-compose.yml").read_text(encoding="utf-8")
    block = compose.split("x-sidecar-settings: &sidecar-settings\n", 1)[1].split("\n\n", 1)[0]
    # PGPASSWORD: libpq's own, so that the URL carries no password.
    passed = set(re.findall(r"^  ([A-Z][A-Z0-9_]+):", block, flags=re.MULTILINE)) - {"PGPASSWORD"}
    set_by_the_stack = {
        "WAHOOK_MIGRATION_DATABASE_URL", "WAHOOK_HOST", "WAHOOK_PORT", "WAHOOK_BACKGROUND", "WAHOOK_DB_DIR",
        "WAHOOK_LOGIN_PASSWORD",
    }  # fmt: skip
    of_scripts_and_tests = {name for name in documented if name.startswith("WAHOOK_TEST_")}
    of_scripts_and_tests |= {"WAHOOK_PG_PORT", "WAHOOK_FIXTURES_DIR"}
    assert len(documented) > 30
    assert documented - set_by_the_stack - of_scripts_and_tests == passed

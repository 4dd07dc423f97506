from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.fake_graph import graph_error, load_api_response, running_fake_graph
from tests.server_support import free_port
from wahook.config import ConfigError, GraphSettings
from wahook.config.graph import DEFAULT_GRAPH_API_URL
from wahook.outbox.graph import GraphClient, GraphError, error_from_response

TOKEN = "EAAG-test-token-never-logged"
TEXT = {"messaging_product": "whatsapp", "to": "15550001", "type": "text", "text": {"body": "hi"}}


def send(base_url: str, body: dict[str, Any], timeout: float = 5.0, request_id: str | None = None) -> str:
    async def go() -> str:
        async with GraphClient(base_url, TOKEN, timeout) as client:
            return await client.send("100000003", body, request_id=request_id)

    return asyncio.run(go())


def send_error(base_url: str, timeout: float = 5.0) -> GraphError:
    with pytest.raises(GraphError) as info:
        send(base_url, TEXT, timeout)
    return info.value


def test_send_posts_to_the_number_with_the_bearer_token_and_returns_the_wamid() -> None:
    with running_fake_graph() as (fake, base_url):
        wamid = send(base_url, TEXT, request_id="req-42")
        assert wamid == fake.wamids[0]
        [request] = fake.snapshot()
    assert request.path == "/v21.0/100000003/messages"
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.headers["x-request-id"] == "req-42"
    assert request.json == TEXT


def test_mark_read_posts_the_read_receipt() -> None:
    async def go(base_url: str) -> None:
        async with GraphClient(base_url, TOKEN) as client:
            await client.mark_read("100000003", "wamid.in.1")

    with running_fake_graph() as (fake, base_url):
        asyncio.run(go(base_url))
        [request] = fake.snapshot()
    assert request.path == "/v21.0/100000003/messages"
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.json == {"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.in.1"}


def test_mark_read_with_typing_adds_the_typing_indicator() -> None:
    async def go(base_url: str) -> None:
        async with GraphClient(base_url, TOKEN) as client:
            await client.mark_read("100000003", "wamid.in.2", typing=True)

    with running_fake_graph() as (fake, base_url):
        asyncio.run(go(base_url))
        [request] = fake.snapshot()
    assert request.json == {
        "messaging_product": "whatsapp",
        "status": "read",
        "message_id": "wamid.in.2",
        "typing_indicator": {"type": "text"},
    }


def test_the_real_rate_limit_answer_is_retryable_and_keeps_code_subcode_and_trace(fixtures_dir: Path) -> None:
    with running_fake_graph() as (fake, base_url):
        fake.fail_next(1, load_api_response(fixtures_dir, "send_message_error_130429_rate_limit"), 400)
        error = send_error(base_url)
    assert (error.code, error.retryable, error.ambiguous) == ("130429", True, False)
    assert error.subcode == 2494055
    assert error.fbtrace_id == "Az8or2yhqkZfEZ-_4Qn_Bam"
    assert "Rate limit hit" in str(error)


def test_the_real_object_not_found_answer_is_permanent(fixtures_dir: Path) -> None:
    with running_fake_graph() as (fake, base_url):
        fake.fail_next(1, load_api_response(fixtures_dir, "graph_error_100_object_not_found"), 400)
        error = send_error(base_url)
    assert (error.code, error.retryable, error.ambiguous) == ("100", False, False)


@pytest.mark.parametrize(
    ("code", "status", "retryable"),
    [
        (130429, 400, True),
        (131056, 400, True),
        (131000, 500, True),
        (131016, 503, True),
        (131057, 400, True),
        (1, 400, True),
        (2, 503, True),
        (4, 400, True),
        (80007, 400, True),
        (131047, 400, False),
        (131026, 400, False),
        (131049, 400, False),
        (130472, 400, False),
        (132000, 400, False),
        (132012, 400, False),
        (100, 400, False),
        (100, 500, False),
        (190, 401, False),
        (99999, 400, False),
        (99999, 500, True),
        (99999, 429, True),
    ],
)
def test_graph_errors_are_classified_by_code_then_http_status(
    code: int, status: int, retryable: bool
) -> None:
    response = httpx.Response(status, json=graph_error(code, "something"))
    error = error_from_response(response)
    assert (error.code, error.retryable, error.ambiguous, error.status) == (
        str(code),
        retryable,
        False,
        status,
    )


@pytest.mark.parametrize(
    ("status", "retryable"), [(500, True), (503, True), (429, True), (400, False), (404, False)]
)
def test_answers_without_a_graph_error_body_follow_the_http_status(status: int, retryable: bool) -> None:
    with running_fake_graph() as (fake, base_url):
        fake.fail_next(1, None, status)
        error = send_error(base_url)
    assert (error.code, error.retryable, error.ambiguous) == (f"http_{status}", retryable, False)


def test_an_unreachable_api_is_retryable_and_not_ambiguous() -> None:
    error = send_error(f"http://127.0.0.1:{free_port()}/v21.0")
    assert (error.code, error.retryable, error.ambiguous) == ("connect_error", True, False)


def test_a_read_timeout_after_sending_is_ambiguous() -> None:
    with running_fake_graph() as (fake, base_url):
        fake.stall_next()
        error = send_error(base_url, timeout=0.3)
        assert len(fake.snapshot()) == 1, "the request reached the API"
    assert (error.code, error.ambiguous) == ("timeout", True)


def test_a_success_without_a_wamid_is_ambiguous() -> None:
    with running_fake_graph() as (fake, base_url):
        fake.fail_next(1, {"messaging_product": "whatsapp", "messages": []}, 200)
        error = send_error(base_url)
    assert (error.code, error.retryable, error.ambiguous) == ("invalid_response", False, True)


def test_the_token_never_appears_in_reprs_errors_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client_repr = repr(GraphClient("http://127.0.0.1:1/v21.0", TOKEN))
    with running_fake_graph() as (fake, base_url):
        # An answer that echoes the credential back.
        fake.fail_next(1, graph_error(190, f"Invalid OAuth access token - {TOKEN}"), 401)
        error = send_error(base_url)
    texts = [client_repr, str(error), repr(error), *(r.getMessage() for r in caplog.records)]
    assert all(TOKEN not in text for text in texts)
    assert "[redacted]" in str(error)
    assert (error.code, error.retryable) == ("190", False)


def test_settings_read_the_url_token_and_rate_and_the_token_stays_out_of_the_repr(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WA_GRAPH_API_URL", "http://127.0.0.1:9/v99.0/")
    monkeypatch.setenv("WA_ACCESS_TOKEN", TOKEN)
    monkeypatch.setenv("WA_SENDS_PER_SECOND", "20")
    settings = GraphSettings.from_env()
    assert (settings.access_token, settings.sends_per_second) == (TOKEN, 20)
    assert TOKEN not in repr(settings) and TOKEN not in str(settings)
    client = GraphClient.from_settings(settings)
    assert client.base_url == "http://127.0.0.1:9/v99.0"
    asyncio.run(client.aclose())
    monkeypatch.delenv("WA_GRAPH_API_URL")
    default = GraphClient.from_settings(GraphSettings.from_env())
    assert default.base_url == DEFAULT_GRAPH_API_URL
    asyncio.run(default.aclose())
    monkeypatch.setenv("WA_SENDS_PER_SECOND", "0.5")
    with pytest.raises(ConfigError, match="WA_SENDS_PER_SECOND must be at least 1"):
        GraphSettings.from_env()

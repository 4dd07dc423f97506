"""The development stand-in of the Graph API that scripts/run uses without a real number: served
only when asked for, and answering the client like Meta does."""

from __future__ import annotations

import asyncio

import httpx

from tests.server_support import running_sidecar
from wahook.config import Config
from wahook.outbox.graph import GraphClient


def test_the_graph_client_sends_through_the_stand_in(database_url: str) -> None:
    config = Config(database_url=database_url, app_secret="s", verify_token="v", dev_graph=True)
    with running_sidecar(config) as url:

        async def send() -> str:
            async with GraphClient(base_url=f"{url}/dev/graph/v21.0", access_token="dev") as graph:
                body = {
                    "messaging_product": "whatsapp",
                    "to": "15550001",
                    "type": "text",
                    "text": {"body": "hi"},
                }
                await graph.mark_read("100000001", "wamid.in")
                return await graph.send("100000001", body)

        assert asyncio.run(send()).startswith("wamid.dev.")


def test_it_is_not_served_unless_asked_for(database_url: str) -> None:
    config = Config(database_url=database_url, app_secret="s", verify_token="v")
    with running_sidecar(config) as url:
        response = httpx.post(f"{url}/dev/graph/v21.0/100000001/messages", json={}, timeout=10)
    assert response.status_code == 404

"""The acknowledgement path: bodies that arrive together are stored in one transaction, each gets
its own verdict, a malformed one is refused alone, nothing is acknowledged unstored, and the
ingester behind it stores every message exactly once."""

from __future__ import annotations

import asyncio
import json
import subprocess
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import psycopg
from psycopg_pool import AsyncConnectionPool

from tests.pipeline_support import SECRET, wait_until_ingested
from tests.serve_support import serve_environment, serve_process
from tests.server_support import free_port, running_sidecar
from tests.webhook_bodies import post_signed, text_message
from wahook.config import Config
from wahook.db import DatabaseUnavailable
from wahook.db.ingest import Receipt
from wahook.ingest.inbox import Inbox


def raw(body: dict[str, Any]) -> bytes:
    return json.dumps(body).encode()


async def store_together(url: str, bodies: list[bytes]) -> list[Receipt]:
    async with AsyncConnectionPool(
        url, min_size=1, max_size=2, open=False, kwargs={"autocommit": True}
    ) as pool:
        inbox = Inbox(pool)
        return await asyncio.gather(*(inbox.store(body, f"req-{i}") for i, body in enumerate(bodies)))


def inbox_rows(conn: psycopg.Connection[Any]) -> list[tuple[str, int, str]]:
    """(correlation_id, item_count, xmin: the transaction that stored it) in inbox order."""
    return [
        (str(cid), int(items), str(xmin))
        for cid, items, xmin in conn.execute(
            "select correlation_id, item_count, xmin::text from wahook_private.webhook_inbox order by id"
        )
    ]


def test_bodies_that_arrive_together_are_stored_in_one_transaction_in_order(
    database_url: str, conn: psycopg.Connection[Any]
) -> None:
    bodies = [raw(text_message(f"1555030{i:04d}", f"wamid.together.{i}", "hi")) for i in range(20)]
    receipts = asyncio.run(store_together(database_url, bodies))
    assert [(r.body_index, r.item_count, r.error_sqlstate) for r in receipts] == [
        (i, 1, None) for i in range(20)
    ]
    rows = inbox_rows(conn)
    assert [cid for cid, _, _ in rows] == [f"req-{i}" for i in range(20)]
    assert len({xmin for _, _, xmin in rows}) == 1, "one commit for the requests that arrived together"


def test_a_malformed_body_is_refused_alone_and_its_neighbours_are_stored(
    database_url: str, conn: psycopg.Connection[Any]
) -> None:
    good = raw(text_message("15550310001", "wamid.neighbour.1", "hi"))
    not_json = b"{not json"
    not_whatsapp = b'{"object": "page", "entry": []}'
    nul = b'{"object": "whatsapp_business_account", "entry": [], "x": "\\u0000"}'
    receipts = asyncio.run(store_together(database_url, [good, not_json, not_whatsapp, nul, good]))
    assert [r.error_sqlstate for r in receipts] == [None, "22P02", "WH001", "22P05", None]
    assert receipts[2].error_message and "object" in receipts[2].error_message
    assert [cid for cid, _, _ in inbox_rows(conn)] == ["req-0", "req-4"]


def test_an_unreachable_database_fails_every_request_of_the_batch_and_stores_nothing() -> None:
    url = f"postgresql://nobody:nothing@127.0.0.1:{free_port()}/none?connect_timeout=1"

    async def attempt() -> list[BaseException | Receipt]:
        async with AsyncConnectionPool(url, min_size=0, max_size=1, timeout=0.5, open=False) as pool:
            inbox = Inbox(pool)
            return await asyncio.gather(*(inbox.store(b"{}", "r") for _ in range(3)), return_exceptions=True)

    assert all(isinstance(result, DatabaseUnavailable) for result in asyncio.run(attempt()))


def test_concurrent_deliveries_over_http_are_acknowledged_and_each_message_stored_once(
    database_url: str, conn: psycopg.Connection[Any]
) -> None:
    # 30 messages, each delivered twice at the same time (Meta retries), and one forged-shape body.
    bodies = [raw(text_message(f"1555032{i % 5:04d}", f"wamid.http.{i}", f"m{i}")) for i in range(30)]
    deliveries = [*bodies, *bodies, b'{"object": "whatsapp_business_account", "entry": 5}']
    config = Config(database_url=database_url, app_secret=SECRET, verify_token="v")
    with running_sidecar(config) as url:
        with ThreadPoolExecutor(max_workers=16) as pool:
            answers = list(pool.map(partial(post_signed, url, secret=SECRET), deliveries))
        wait_until_ingested(database_url)
    assert [a.status_code for a in answers] == [200] * 60 + [400]
    assert answers[0].json() == {"route": "pipeline", "items": 1}
    assert "entry is not a non-empty array" in answers[-1].json()["error"]
    stored = conn.execute(
        "select wamid, count(*) from wahook_private.processed_webhook_messages group by wamid"
    ).fetchall()
    assert sorted(stored) == sorted((f"wamid.http.{i}", 1) for i in range(30))
    events = conn.execute(
        "select count(*), sum(duplicate_count) from wahook_private.webhook_events"
    ).fetchone()
    assert events == (60, 30), "every delivery kept for audit, each second one counted as a duplicate"


def test_serve_runs_the_endpoint_in_several_processes(database_url: str, tmp_path: Path) -> None:
    processes = 2
    env = serve_environment(
        DATABASE_URL=database_url,
        WA_APP_SECRET=SECRET,
        WA_VERIFY_TOKEN="v",
        WAHOOK_PROCESSES=str(processes),
        WAHOOK_BACKGROUND="0",
    )
    log = tmp_path / "serve.log"
    with serve_process(env, log) as (url, server):
        children = subprocess.run(
            ["pgrep", "-P", str(server.pid)], capture_output=True, text=True, check=False
        ).stdout.split()
        assert len(children) >= processes
        for i in range(20):
            body = raw(text_message(f"1555033{i:04d}", f"wamid.procs.{i}", "hi"))
            assert post_signed(url, body, SECRET).status_code == 200
        wait_until_ingested(database_url)
    assert server.returncode == 0, log.read_text()[-2000:]
    with psycopg.connect(database_url) as conn:
        row = conn.execute("select count(*) from wahook_private.processed_webhook_messages").fetchone()
    assert row == (20,)

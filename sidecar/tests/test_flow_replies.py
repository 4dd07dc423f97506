"""A WhatsApp Flow reply (interactive nfm_reply) reaches the agent as the customer's answers, not as
its body "Sent": the real fixtures, through `wahook serve` with the echo agent."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from tests.fake_graph import running_fake_graph
from tests.pipeline_support import SECRET, allow_fast_turns, replies, wait_until_settled
from tests.serve_support import serving_pipeline
from tests.webhook_bodies import post_signed, stamped_from


@pytest.mark.parametrize(
    ("fixture", "reads_as"),
    [
        (
            "netflie__whatsapp-cloud-api/message_interactive_nfm_reply_flow.json",
            "[interactive] name: Email, orderNumber: ID",
        ),
        (
            "david-lev__pywa/flow_completion__completion.json",
            "[interactive] comment_text: Comment Text, cs_rating: 0, delivery_rating: 4, purchase_rating: 2,"
            " recommend_radio: 0",
        ),
    ],
)
def test_a_flow_reply_reads_as_its_answers(
    conn: Any, database_url: str, fixtures_dir: Path, fixture: str, reads_as: str
) -> None:
    allow_fast_turns(conn)
    body, _ = stamped_from(
        json.loads((fixtures_dir / fixture).read_text(encoding="utf-8")), int(time.time()) - 60
    )
    with running_fake_graph() as (fake, graph_url), serving_pipeline(database_url, graph_url) as url:
        assert post_signed(url, body, SECRET).status_code == 200
        wait_until_settled(database_url)
        answered = [r.text for r in replies(fake)]
    assert answered == [f"echo: {reads_as}"]
    stored = conn.execute("select text_body from wahook_private.processed_webhook_messages").fetchall()
    assert stored == [(reads_as.removeprefix("[interactive] "),)]

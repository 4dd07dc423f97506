"""Read receipts and the typing indicator through `wahook serve`: when a turn is leased, the
newest message of the turn is marked read (WA_MARK_READ) and, with WA_TYPING_INDICATOR, the
customer sees the business typing; the receipt reaches the Graph API before the reply."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fake_graph import running_fake_graph
from tests.pipeline_support import SECRET, allow_fast_turns, wait_until_settled
from tests.serve_support import serving_pipeline
from tests.webhook_bodies import post_signed, text_message


@pytest.mark.parametrize(
    ("mark_read", "typing", "expected"),
    [
        (False, False, None),
        (True, False, {"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.rr.1"}),
        (
            False,
            True,
            {
                "messaging_product": "whatsapp",
                "status": "read",
                "message_id": "wamid.rr.1",
                "typing_indicator": {"type": "text"},
            },
        ),
    ],
    ids=["off", "read", "typing"],
)
def test_a_leased_turn_marks_its_message_read_and_shows_typing_before_the_reply(
    conn: Any, database_url: str, mark_read: bool, typing: bool, expected: dict[str, Any] | None
) -> None:
    allow_fast_turns(conn)
    switches = {"WA_MARK_READ": str(int(mark_read)), "WA_TYPING_INDICATOR": str(int(typing))}
    with (
        running_fake_graph() as (fake, graph_url),
        serving_pipeline(database_url, graph_url, **switches) as url,
    ):
        assert (
            post_signed(url, text_message("15550177", "wamid.rr.1", "are you there?"), SECRET).status_code
            == 200
        )
        wait_until_settled(database_url)
        sent = [r.json for r in fake.snapshot()]
    receipts = [body for body in sent if body.get("status") == "read"]
    assert receipts == ([] if expected is None else [expected])
    assert sent[-1]["text"]["body"] == "echo: are you there?", "the reply comes after the receipt"

"""A reply that quotes a message (context.id) brings the quoted text into the turn: the customer
quotes the business's earlier answer, and the agent reads what was quoted before the reply."""

from __future__ import annotations

from typing import Any

from tests.fake_graph import running_fake_graph
from tests.pipeline_support import SECRET, allow_fast_turns, replies, wait_until_settled
from tests.serve_support import serving_pipeline
from tests.webhook_bodies import contact, notification, post_signed, text_item, text_message


def test_a_reply_quoting_the_business_reads_with_the_quoted_text(conn: Any, database_url: str) -> None:
    allow_fast_turns(conn)
    customer = "15550188"
    with running_fake_graph() as (fake, graph_url), serving_pipeline(database_url, graph_url) as url:
        assert (
            post_signed(url, text_message(customer, "wamid.quote.1", "open on Sunday?"), SECRET).status_code
            == 200
        )
        wait_until_settled(database_url)
        [answer_wamid] = fake.wamids
        quoting = text_item(customer, "wamid.quote.2", "great, see you then", age_seconds=30)
        quoting["context"] = {"from": "15550009999", "id": answer_wamid}
        body = notification([quoting], contacts=[contact(customer)])
        assert post_signed(url, body, SECRET).status_code == 200
        wait_until_settled(database_url)
        answered = [r.text for r in replies(fake)]
    assert answered == [
        "echo: open on Sunday?",
        'echo: [reply to "echo: open on Sunday?"] great, see you then',
    ]
    memory = conn.execute(
        "select content from wahook_private.agent_contexts where role = 'user' order by id"
    ).fetchall()
    assert memory[-1] == ('[reply to "echo: open on Sunday?"] great, see you then',), (
        "remembered as it was read"
    )

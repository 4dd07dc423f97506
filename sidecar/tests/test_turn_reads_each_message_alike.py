"""Every agent-bound fixture through a real turn (echo agent): the reply, the memory stored for each
message and that memory's token count agree on what the message reads as (DESIGN.md, the echo
agent's contract; decided once, in SQL, by wahook_private.message_reads_as)."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from tests.fake_graph import running_fake_graph
from tests.ingest_support import with_unique_wamids
from tests.pipeline_support import SECRET, allow_fast_turns, running_pipeline, wait_until_settled
from tests.test_ingest_fixtures import accepted_webhook_files
from tests.webhook_bodies import post_signed, stamped_from
from wahook.agent.tokens import TokenCounter
from wahook.config import AgentSettings


def test_reply_memory_and_token_count_agree_for_every_agent_bound_fixture_message(
    conn: Any, database_url: str, fixtures_dir: Path
) -> None:
    [types] = conn.execute("select agent_message_types from wahook_private.settings").fetchone()
    allow_fast_turns(conn, agent_message_types=sorted({*types, "reaction"}))
    stamp = int(time.time()) - 3600
    with running_fake_graph() as (_, graph_url), running_pipeline(database_url, graph_url) as url:
        for n, path in enumerate(accepted_webhook_files(fixtures_dir)):
            body, stamp = stamped_from(
                with_unique_wamids(json.loads(path.read_text()), f"wamid.reads{n}"), stamp
            )
            assert post_signed(url, body, SECRET).status_code == 200
        wait_until_settled(database_url, timeout=120)

    counter = TokenCounter(AgentSettings().model)
    assert counter.encoding_name == "o200k_base"
    messages = conn.execute(
        "select m.id, m.message_type, m.text_body, m.status from wahook_private.processed_webhook_messages m"
        " where m.status <> 'ignored'"
    ).fetchall()
    assert {row[3] for row in messages} == {"completed"}
    assert {"image", "button", "interactive", "location", "reaction"} <= {row[1] for row in messages}

    memory: dict[int, tuple[str, int]] = {}
    turns: dict[tuple[int, int], list[str]] = defaultdict(list)
    for conversation_id, lease_token, content, token_count, message_id in conn.execute(
        "select conversation_id, lease_token, content, token_count, message_id"
        " from wahook_private.agent_contexts where role = 'user' order by id"
    ).fetchall():
        memory[message_id] = (content, token_count)
        turns[(conversation_id, lease_token)].append(content)
    assert memory.keys() == {row[0] for row in messages}, "one memory row per agent-bound message"

    for message_id, message_type, text_body, _ in messages:
        content, token_count = memory[message_id]
        assert token_count == counter.count_message("user", content), f"message {message_id}: {content!r}"
        if message_type == "text":
            assert content == text_body
        elif text_body is None:
            assert content == f"[{message_type}]"
        else:
            assert content == f"[{message_type}] {text_body}", f"message {message_id}"

    replies = conn.execute(
        "select o.conversation_id, o.lease_token, o.body -> 'text' ->> 'body', a.content"
        " from wahook_private.outbound_messages o join wahook_private.agent_contexts a"
        " on a.conversation_id = o.conversation_id and a.lease_token = o.lease_token and a.role = 'assistant'"
    ).fetchall()
    assert {(row[0], row[1]) for row in replies} == turns.keys(), "one reply per turn"
    for conversation_id, lease_token, sent, remembered in replies:
        expected = "echo: " + " | ".join(turns[(conversation_id, lease_token)])
        assert sent == remembered == expected, f"turn {conversation_id}/{lease_token}"

"""`wahook reply CONVERSATION TEXT --author NAME [--resume [--discard-pending]]`: a person answers a
customer through the outbox (wahook.send_human_reply), in order with everything else the conversation
sends and even while it is paused; with --resume the conversation then goes back to the agent
(wahook.resume_conversation), in the same transaction, and with --discard-pending the customer
messages that waited are skipped (the person answered them) instead of going to the agent.
Exit 0 done, 1 refused by the engine (the reason printed), 2 unreachable."""

from __future__ import annotations

import sys

import psycopg

from wahook.db.handoff import resume_conversation, send_human_reply
from wahook.errors import WahookError, translate

CONNECT_TIMEOUT_SECONDS = 10


def run(
    database_url: str,
    conversation_id: int,
    text: str,
    author: str,
    resume: bool,
    discard_pending: bool = False,
) -> int:
    try:
        with psycopg.connect(database_url, connect_timeout=CONNECT_TIMEOUT_SECONDS) as conn:
            outbox_id = send_human_reply(conn, conversation_id, text, author)
            state = resume_conversation(conn, conversation_id, author, discard_pending) if resume else None
    except psycopg.OperationalError:
        raise
    except psycopg.Error as exc:
        error = translate(exc)
        if not isinstance(error, WahookError):
            raise
        print(f"wahook: {error}", file=sys.stderr)
        return 1
    print(f"reply {outbox_id} queued for conversation {conversation_id}")
    if state is not None:
        print(f"conversation {conversation_id} resumed: {state}")
    return 0

"""Handoff alerts: when the agent asks for a person, the alert loop (wahook.work.alerts) POSTs
{"text": ...} to WAHOOK_ALERT_WEBHOOK_URL, like its health alerts, once per handoff.

They ride in the health alerts' transaction, under the same advisory lock (so one instance speaks):
wahook.claim_handoff_alerts() lists those not yet announced; each one POSTed is recorded with
wahook.record_handoff_alert_sent before the commit. A failed POST is not recorded and is tried again
on the next tick: at least once, never lost. Customer ids are not put in the text (chat channels
are read widely): the conversation id is what `wahook reply` and the dashboard take.
"""

from __future__ import annotations

import logging

import httpx
from psycopg import AsyncConnection
from psycopg.rows import TupleRow

from wahook.db.handoff import HandoffAlert, claim_handoff_alerts, record_handoff_alert_sent
from wahook.work.alert_webhook import post_text

log = logging.getLogger(__name__)


def handoff_text(alert: HandoffAlert) -> str:
    return (
        f":raising_hand: wahook: conversation {alert.conversation_id} asks for a person: {alert.reason}\n"
        f"The agent is paused there. Answer with `wahook reply {alert.conversation_id} TEXT --author NAME` "
        "or from the dashboard, and resume it when done."
    )


async def notify_handoffs(conn: AsyncConnection[TupleRow], http: httpx.AsyncClient, url: str) -> int:
    """Announces the handoffs claimed in the caller's transaction; returns how many were delivered."""
    delivered = 0
    for alert in await claim_handoff_alerts(conn):
        if not await post_text(
            http, url, handoff_text(alert), f"the handoff of conversation {alert.conversation_id}"
        ):
            continue
        await record_handoff_alert_sent(conn, alert)
        delivered += 1
        log.info(
            f"handoff alert sent for conversation {alert.conversation_id}",
            extra={"event": "alert_sent", "status": "handoff"},
        )
    return delivered

"""The alert loop's SQL: claim the health transitions to announce (under the engine's advisory lock,
so one instance speaks) and record each one announced, in the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from psycopg import AsyncConnection
from psycopg.rows import TupleRow, class_row

CLAIM_ALERT_TRANSITIONS = """
select check_name, status, previous_status, value, threshold, details
from wahook.claim_alert_transitions()
"""
RECORD_ALERT_SENT = """
select wahook.record_alert_sent(%(check_name)s, %(status)s, %(value)s::numeric, %(threshold)s::numeric)
"""


@dataclass(frozen=True)
class Transition:
    check_name: str
    status: str
    previous_status: str
    value: Decimal | None
    threshold: Decimal | None
    details: str | None

    @property
    def is_recovery(self) -> bool:
        return self.status != "critical"


async def claim_alert_transitions(conn: AsyncConnection[TupleRow]) -> list[Transition]:
    async with conn.cursor(row_factory=class_row(Transition)) as cur:
        await cur.execute(CLAIM_ALERT_TRANSITIONS)
        return await cur.fetchall()


async def record_alert_sent(conn: AsyncConnection[TupleRow], transition: Transition) -> None:
    params = {
        "check_name": transition.check_name,
        "status": transition.status,
        "value": transition.value,
        "threshold": transition.threshold,
    }
    await conn.execute(RECORD_ALERT_SENT, params)

"""The sender: replies leave the outbox through the Graph API.

One round (`run_once`): claim due replies (wahook.claim_outbound_messages: at most one per
conversation, the oldest unsettled, so a conversation's replies leave in order), and for each:
  * the 24-hour customer-service window is the claim's to decide: a free-form reply (anything but a
    template) to a customer whose last message is older than 24 hours, or who never wrote, comes
    back already failed with refused_code `outside_customer_service_window` (Meta would refuse it
    with 131047) and is only counted and logged;
  * so is the pause for a person: an agent reply queued before the conversation was paused comes
    back already withheld (refused_code `withheld_for_human`) and is only counted and logged;
  * pace per business number (wahook.ratelimit);
  * POST it, with the reply's correlation id as X-Request-ID; the body claim_outbound_messages
    returns carries the reply's outbox identity as biz_opaque_callback_data, which Meta echoes in
    the send's status webhooks;
  * success: the wamid is recorded with wahook.record_outbound_sents, the sends that finish together
    in one call (a group commit: each send still gets its own outcome); GraphError:
    wahook.record_outbound_failure with its retryable/ambiguous verdict (the engine requeues with
    backoff, fails, or marks unknown).
Only the POST itself is ambiguous: a failure before it (pacing, or the request not written whole,
see wahook.graph) is recorded as retryable, so the reply is simply sent again. An ambiguous reply
(unknown) is settled as sent by a status webhook carrying its callback data, or sent again by
cleanup_stuck_conversations when none came within settings.outbound_unknown_settle_seconds. A send
whose outcome cannot be recorded (database gone) stays in sending; cleanup marks it unknown later.

`run` repeats rounds until stopped: at once again after a round that claimed something, otherwise
after `poll_interval` seconds or when `wake()` is called (for LISTEN/NOTIFY).
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from typing import Any, TypeVar

from psycopg_pool import AsyncConnectionPool

from wahook import logs, metrics
from wahook.db.group_commit import GroupCommit
from wahook.db.outbox import WITHHELD_FOR_HUMAN, FailureOutcome, OutboundMessage, Outbox
from wahook.db.pool import retry_while_unavailable
from wahook.outbox.graph import GraphClient, GraphError
from wahook.outbox.ratelimit import RateLimiter
from wahook.work.listener import Wakeup
from wahook.work.round_errors import RoundErrors

log = logging.getLogger(__name__)

T = TypeVar("T")

# Sends in flight at once per process.
SENDER_CONCURRENCY = 8


def default_sender_id() -> str:
    return f"sender-{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


class Sender:
    def __init__(
        self,
        pool: AsyncConnectionPool[Any],
        graph: GraphClient,
        *,
        sender_id: str | None = None,
        rate_limiter: RateLimiter | None = None,
        batch_size: int = 10,
        lease_seconds: int = 60,
        concurrency: int = SENDER_CONCURRENCY,
        poll_interval: float = 0.5,
        record_attempts: int = 3,
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.outbox = Outbox(pool)
        self.graph = graph
        self.sender_id = sender_id or default_sender_id()
        self.rate_limiter = rate_limiter or RateLimiter()
        self.batch_size = batch_size
        self.lease_seconds = lease_seconds
        self.poll_interval = poll_interval
        self.record_attempts = max(1, record_attempts)
        self._slots = asyncio.Semaphore(concurrency)
        self._wakeup = Wakeup()
        # Sends that finish together are recorded in one transaction.
        self._sents: GroupCommit[tuple[OutboundMessage, str], str] = GroupCommit(
            self.outbox.record_sents, max_size=max(batch_size, concurrency), attempts=self.record_attempts
        )

    def __repr__(self) -> str:
        return f"Sender(sender_id={self.sender_id!r}, batch_size={self.batch_size})"

    def wake(self) -> None:
        """Start the next round now (for example on a NOTIFY of a new reply)."""
        self._wakeup.set()

    async def run(self, stop: asyncio.Event) -> None:
        """Rounds until `stop` is set; a round in progress finishes (its sends are recorded)."""
        log.info("sender started", extra={"event": "sender_started", "reason": self.sender_id})
        while not stop.is_set():
            claimed = 0
            with RoundErrors(log, "sender round", "sender_round_failed"):
                claimed = await self.run_once(self.batch_size)
            if claimed:
                continue
            await self._wakeup.wait(stop, self.poll_interval)
        log.info("sender stopped", extra={"event": "sender_stopped", "reason": self.sender_id})

    async def run_once(self, limit: int | None = None) -> int:
        """One round: claims up to `limit` due replies and sends them. Returns how many it claimed."""
        messages = await self.outbox.claim(self.sender_id, limit or self.batch_size, self.lease_seconds)
        if messages:
            async with asyncio.TaskGroup() as group:
                for message in messages:
                    group.create_task(self._deliver_guarded(message))
        return len(messages)

    async def _deliver_guarded(self, message: OutboundMessage) -> None:
        # Its own context: the correlation id set here is this reply's only.
        logs.correlation_id.set(message.correlation_id)
        async with self._slots:
            try:
                await self.deliver(message)
            except Exception as exc:
                # Left in sending: cleanup marks it unknown, to be settled by its status webhooks.
                metrics.reply_handled("not_recorded")
                log.exception(
                    f"reply {message.outbound_id} of conversation {message.conversation_id}: "
                    "outcome not recorded",
                    extra={"event": "reply_not_recorded", "error": type(exc).__name__},
                )

    async def deliver(self, message: OutboundMessage) -> None:
        label = f"reply {message.outbound_id} of conversation {message.conversation_id}"
        if message.refused_code == WITHHELD_FOR_HUMAN:
            metrics.reply_handled("withheld")
            log.info(
                f"{label} not sent: withheld, a person took the conversation over after it was queued",
                extra={"event": "reply_withheld", "status": "withheld", "reason": message.refused_code},
            )
            return
        if message.refused_code:
            metrics.reply_handled("outside_window")
            log.warning(
                f"{label} not sent: outside the 24-hour customer-service window",
                extra={"event": "reply_failed", "status": "failed", "reason": message.refused_code},
            )
            return

        try:
            await self.rate_limiter.acquire(message.phone_number_id)
        except Exception as exc:
            # Nothing went out: hand the reply back as retryable rather than leave it in sending,
            # where it would look as if it may have been sent.
            outcome = await self._record_failure(message, "not_sent", type(exc).__name__, retryable=True)
            metrics.reply_handled("retry" if outcome.status == "queued" else outcome.status)
            log.exception(f"{label} not sent: {outcome.status}", extra={"event": "reply_failed"})
            return
        body = {"messaging_product": "whatsapp", "to": message.recipient, **message.body}
        try:
            wamid = await self.graph.send(message.phone_number_id, body, request_id=message.correlation_id)
        except GraphError as exc:
            outcome = await self._record_failure(
                message, exc.code, str(exc), retryable=exc.retryable, ambiguous=exc.ambiguous
            )
            metrics.reply_handled("retry" if outcome.status == "queued" else outcome.status)
            log.warning(
                f"{label} not sent (attempt {message.attempt_count}): {outcome.status}",
                extra={
                    "event": "reply_failed",
                    "status": outcome.status,
                    "reason": exc.code,
                    "error": str(exc),
                },
            )
            return

        await self._sents.submit((message, wamid))
        metrics.reply_handled("sent")
        log.info(f"{label} sent as {wamid}", extra={"event": "reply_sent", "status": "sent"})

    async def _record_failure(
        self,
        message: OutboundMessage,
        code: str,
        text: str,
        *,
        retryable: bool,
        ambiguous: bool = False,
    ) -> FailureOutcome:
        return await retry_while_unavailable(
            lambda: self.outbox.record_failure(
                message, self.sender_id, code, text, retryable=retryable, ambiguous=ambiguous
            ),
            self.record_attempts,
        )

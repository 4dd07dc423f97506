"""Turn workers: claim conversations, ask the agent, complete or fail the turns.

One `Worker` runs up to `concurrency` turns at once in this process; any number of processes may run
against one database, because the engine leases each conversation to one worker at a time and
fences every write with the lease's token. A turn whose lease is lost (a heartbeat or a write
answers WH010) is dropped without a reply: the worker that holds the conversation now answers it.

Round trips are shared between turns: one claim_conversations call fills every free slot (each
turn comes with its history), completions that arrive together go in one complete_turns call (a
group commit: each turn still gets its own outcome), and one heartbeats call every third of the
lease keeps all running turns' leases alive. Failures and releases are rare and go one by one.

The lease length is the engine's (settings.lease_seconds) unless WorkerSettings names one: the
worker heart-beats at a third of what the claim granted. A turn has a deadline of its own
(AgentSettings.turn_deadline_seconds), as heartbeats would otherwise keep a conversation held
forever by a provider call that never returns: past it the call is cancelled, heartbeats stop and
the turn fails as retryable (code turn_deadline), so the retry and DLQ rules apply.

Shutdown (`stop` set): no new claims; turns in flight get `grace_seconds` to finish, then those
still running are cancelled and handed back with `release_turn`, so no attempt is counted for them.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
import uuid
from datetime import UTC, datetime

from wahook import logs, metrics
from wahook.agent.context import ChatMessage, build_context, history_budget
from wahook.agent.tokens import TokenCounter
from wahook.agent.types import AgentReply, Provider, ProviderError, TurnInput, TurnMessage
from wahook.config import AgentSettings, WorkerSettings
from wahook.config.media_reading import MediaReadingSettings
from wahook.db import Database, DatabaseUnavailable
from wahook.db.group_commit import GroupCommit
from wahook.db.pool import retry_while_unavailable
from wahook.db.turns import ClaimedTurn, TurnCompletion
from wahook.errors import LeaseLost
from wahook.outbox.graph import GraphClient, GraphError
from wahook.work.claim_loop import ClaimLoop
from wahook.work.round_errors import RoundErrors
from wahook.work.turn_images import with_images

log = logging.getLogger(__name__)

# WhatsApp refuses text messages longer than this (error 100), and would never deliver the reply.
MAX_REPLY_CHARS = 4096
# How long a completion waits for others to share its transaction (a lone one is not held longer).
COMPLETION_DELAY_SECONDS = 0.002
# fail_turn's error code for a turn cut off at its deadline.
TURN_DEADLINE_CODE = "turn_deadline"
# Heartbeats never come more often than this, whatever the lease (a clock skew could make a lease
# look shorter than it is).
MIN_HEARTBEAT_SECONDS = 0.2


def default_worker_id() -> str:
    return f"worker-{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


class Worker:
    def __init__(
        self,
        database: Database,
        provider: Provider,
        agent: AgentSettings,
        settings: WorkerSettings | None = None,
        *,
        graph: GraphClient | None = None,
        worker_id: str | None = None,
        media_reading: MediaReadingSettings | None = None,
    ) -> None:
        self.database = database
        self.provider = provider
        self.agent = agent
        self.settings = settings or WorkerSettings()
        self.graph = graph
        self.worker_id = worker_id or default_worker_id()
        self.media_reading = media_reading or MediaReadingSettings()
        self.counter = TokenCounter(agent.model)
        self.system = ChatMessage.counted(self.counter, "system", agent.system_prompt)
        # The whole history that can fit beside the system prompt; the turn's own messages take
        # their share once counted, and build_context keeps the newest history that still fits.
        self.history_budget = history_budget(self.system, [], agent.context_tokens, agent.reply_tokens)
        self._loop = ClaimLoop(self._claim, self.run_turn)
        self._completions: GroupCommit[TurnCompletion, int | None] = GroupCommit(
            database.complete_turns, max_size=self.settings.concurrency, max_delay=COMPLETION_DELAY_SECONDS
        )
        self._leases: dict[tuple[int, int], HeldLease] = {}
        self._beating: asyncio.Task[None] | None = None
        # Provider calls cut off at the deadline that have not ended yet (kept from the collector).
        self._abandoned: set[asyncio.Future[tuple[AgentReply, dict[int, int]]]] = set()

    def __repr__(self) -> str:
        return f"Worker(worker_id={self.worker_id!r}, concurrency={self.settings.concurrency})"

    def wake(self) -> None:
        """Claim now (a NOTIFY on wahook_ready)."""
        self._loop.wake()

    async def run(self, stop: asyncio.Event) -> None:
        log.info("worker started", extra={"event": "worker_started", "reason": self.worker_id})
        await self._loop.run(
            stop, concurrency=self.settings.concurrency, poll_seconds=self.settings.poll_seconds
        )
        if self._loop.running:
            log.info(
                f"finishing {len(self._loop.running)} turns (grace {self.settings.grace_seconds:g} s)",
                extra={"event": "worker_draining"},
            )
        await self._loop.drain(self.settings.grace_seconds)
        if self._beating:
            self._beating.cancel()
            await asyncio.gather(self._beating, return_exceptions=True)
        log.info("worker stopped", extra={"event": "worker_stopped", "reason": self.worker_id})

    async def _claim(self, limit: int) -> list[ClaimedTurn]:
        with RoundErrors(log, "claim", "claim_failed"):
            return await self.database.claim_conversations(
                self.worker_id, limit, self.settings.lease_seconds, self.history_budget
            )
        return []

    async def run_turn(self, turn: ClaimedTurn) -> None:
        """One turn, from claim to complete, fail or release; never raises but on cancellation."""
        # As the claim recorded it; a turn whose messages carry none gets one for its logs.
        correlation_id = turn.correlation_id or uuid.uuid4().hex
        logs.correlation_id.set(correlation_id)
        label = f"turn {turn.lease_token} of conversation {turn.conversation_id}"
        lease = self._hold(turn)
        try:
            await self._run_held(lease, correlation_id, label)
        finally:
            del self._leases[turn.lease]

    async def _run_held(self, lease: HeldLease, correlation_id: str, label: str) -> None:
        turn = lease.turn
        answer = asyncio.ensure_future(self._answer(lease, correlation_id, label))
        lost = asyncio.ensure_future(lease.lost.wait())
        try:
            await asyncio.wait({answer, lost}, return_when=asyncio.FIRST_COMPLETED)
        except asyncio.CancelledError:
            answer.cancel()
            lost.cancel()
            await asyncio.gather(answer, lost, return_exceptions=True)
            await self._release(turn, correlation_id, label)
            raise
        lost.cancel()
        await asyncio.gather(lost, return_exceptions=True)
        lease_lost = not answer.done()  # a heartbeat found the lease lost first
        if lease_lost:
            answer.cancel()
            await asyncio.gather(answer, return_exceptions=True)
        else:
            try:
                answer.result()
            except LeaseLost:
                lease_lost = True
            except Exception as exc:
                # The outcome could not be recorded (database gone): the lease expires and the
                # engine's cleanup counts the attempt, so the turn is retried, never lost.
                metrics.turn_finished("error")
                log.exception(f"{label}: outcome not recorded", extra={"error": type(exc).__name__})
        if lease_lost:
            # Another worker holds the conversation now and answers it; fencing kept us out.
            metrics.turn_finished("lease_lost")
            log.warning(f"{label} dropped: its lease was lost", extra={"event": "turn_lease_lost"})

    async def _answer(self, lease: HeldLease, correlation_id: str, label: str) -> None:
        turn = lease.turn
        turn_started = started = time.monotonic()

        async def think() -> tuple[AgentReply, dict[int, int]]:
            nonlocal started
            await self._mark_read(turn, correlation_id)
            turn_input, message_tokens = await self._turn_input(turn, correlation_id)
            started = time.monotonic()
            return await self.provider.reply(turn_input), message_tokens

        # Its own task, waited for with a timeout rather than cancelled from inside: the deadline
        # holds even for a call that swallows its cancellation.
        thinking = asyncio.ensure_future(think())
        try:
            done, _ = await asyncio.wait({thinking}, timeout=self.agent.turn_deadline_seconds)
        except asyncio.CancelledError:
            thinking.cancel()
            raise
        if not done:
            self._abandon(thinking)
            lease.finishing = True  # no more heartbeats: the conversation goes back to the engine
            deadline = self.agent.turn_deadline_seconds
            await self._fail(
                turn,
                TURN_DEADLINE_CODE,
                f"the turn did not finish within its deadline of {deadline:g} s; the agent call was cut off",
                True,
                correlation_id,
                label,
                time.monotonic() - turn_started,
            )
            return
        try:
            reply, message_tokens = thinking.result()
        except ProviderError as exc:
            latency = time.monotonic() - started
            lease.finishing = True
            await self._fail(turn, exc.code, str(exc), exc.retryable, correlation_id, label, latency)
            return
        except (LeaseLost, DatabaseUnavailable):
            raise
        except Exception as exc:
            log.exception(f"{label} failed unexpectedly", extra={"event": "turn_failed"})
            lease.finishing = True
            await self._fail(turn, "internal_error", type(exc).__name__, True, correlation_id, label)
            return
        lease.finishing = True
        await self._complete(turn, reply, message_tokens, correlation_id, label)

    def _abandon(self, thinking: asyncio.Future[tuple[AgentReply, dict[int, int]]]) -> None:
        """Cancels a call past its deadline without waiting for it; whatever it ends with is dropped."""
        thinking.cancel()
        self._abandoned.add(thinking)

        def forget(task: asyncio.Future[tuple[AgentReply, dict[int, int]]]) -> None:
            self._abandoned.discard(task)
            if not task.cancelled():
                task.exception()  # retrieved, so asyncio does not log it as never retrieved

        thinking.add_done_callback(forget)

    async def _turn_input(self, turn: ClaimedTurn, correlation_id: str) -> tuple[TurnInput, dict[int, int]]:
        messages = [TurnMessage(id=m.id, wamid=m.wamid, type=m.type, text=m.text) for m in turn.messages]
        current = [ChatMessage.counted(self.counter, "user", m.text) for m in messages]
        # Stored and remembered: the tokens of the text, whatever goes along with it to the model.
        message_tokens = {m.id: c.tokens for m, c in zip(messages, current, strict=True)}
        if self.media_reading.model_vision:
            current = await with_images(
                self.database, turn.conversation_id, turn.messages, current, self.media_reading.image_tokens
            )
        if turn.history is not None:
            history = [ChatMessage(e.role, e.content, e.token_count) for e in turn.history]
        else:
            # Claimed without its history (claim_conversation): read what can fit beside this turn.
            budget = history_budget(self.system, current, self.agent.context_tokens, self.agent.reply_tokens)
            history = [
                ChatMessage(entry.role, entry.content, entry.token_count)
                for entry in await self.database.context_window(turn.conversation_id, budget)
            ]
        window = build_context(
            self.system, history, current, self.agent.context_tokens, self.agent.reply_tokens
        )
        if window.current_dropped or window.over_budget:
            log.warning(
                f"the turn's messages exceed the context budget: {window.current_dropped} oldest left out",
                extra={"event": "context_over_budget"},
            )
        turn_input = TurnInput(
            conversation_id=turn.conversation_id,
            customer_id=turn.customer_id,
            messages=messages,
            context=window.messages,
            correlation_id=correlation_id,
        )
        return turn_input, message_tokens

    async def _complete(
        self,
        turn: ClaimedTurn,
        reply: AgentReply,
        message_tokens: dict[int, int],
        correlation_id: str,
        label: str,
    ) -> None:
        text = reply.text or None
        if text and len(text) > MAX_REPLY_CHARS:
            log.warning(f"{label}: reply cut to {MAX_REPLY_CHARS} characters", extra={"event": "reply_cut"})
            text = text[: MAX_REPLY_CHARS - 1] + "…"
        usage = {
            "provider": reply.provider,
            "model": reply.model,
            "tokens_in": reply.tokens_in,
            "tokens_out": reply.tokens_out,
            "latency_ms": reply.latency_ms,
        }
        reply_tokens = self.counter.count_message("assistant", text) if text else None
        # Raises LeaseLost for this turn alone; the group commit retries while the database is away.
        outbox_id = await self._completions.submit(
            TurnCompletion(
                turn, text, reply_tokens, message_tokens, usage, correlation_id, reply.handoff_reason
            )
        )
        metrics.turn_finished("completed", reply.latency_ms / 1000)
        log.info(
            f"{label} completed: {len(turn.messages)} messages, reply {outbox_id or 'none'} queued"
            + (", handed off to a person" if reply.handoff_reason is not None else ""),
            extra={"event": "turn_completed", "status": "completed"},
        )

    async def _fail(
        self,
        turn: ClaimedTurn,
        code: str,
        message: str,
        retryable: bool,
        correlation_id: str,
        label: str,
        latency_seconds: float | None = None,
    ) -> None:
        outcome = await retry_while_unavailable(
            lambda: self.database.fail_turn(
                turn, code, message, retryable=retryable, correlation_id=correlation_id
            )
        )
        metrics.turn_finished(outcome.outcome, latency_seconds)
        log.warning(
            f"{label} failed ({code}): messages {outcome.outcome}",
            extra={"event": "turn_failed", "status": outcome.outcome, "reason": code, "error": message},
        )

    async def _release(self, turn: ClaimedTurn, correlation_id: str, label: str) -> None:
        try:
            count = await self.database.release_turn(turn, "worker shutting down", correlation_id)
        except Exception as exc:
            # The lease then expires and cleanup hands the messages on; nothing is lost.
            log.warning(f"{label} not released", extra={"event": "turn_release_failed", "error": str(exc)})
            return
        metrics.turn_finished("released")
        log.info(f"{label} released: {count} messages back to pending", extra={"event": "turn_released"})

    def _hold(self, turn: ClaimedTurn) -> HeldLease:
        lease = HeldLease(turn, self.settings.lease_seconds)
        self._leases[turn.lease] = lease
        if self._beating is None or self._beating.done():
            self._beating = asyncio.create_task(self._heartbeats())
        return lease

    async def _heartbeats(self) -> None:
        """Every third of the lease, extends the leases of all running turns in one call, and
        tells each turn whose lease was lost; ends when no turn runs."""
        while self._leases:
            await asyncio.sleep(min(lease.seconds for lease in self._leases.values()) / 3)
            # A finishing turn's lease ends with its completion: a beat racing it would find it
            # lost, though the turn succeeded.
            leases = [lease for lease in self._leases.values() if not lease.finishing]
            if not leases:
                continue
            try:
                results = await self.database.heartbeats(
                    [lease.turn for lease in leases], self.settings.lease_seconds
                )
            except DatabaseUnavailable as exc:
                # The leases still have two thirds left; the next beat may get through.
                log.warning("heartbeat missed: database unavailable", extra={"error": str(exc)})
                continue
            except Exception:
                log.exception("heartbeat failed", extra={"event": "heartbeat_failed"})
                continue
            for lease, result in zip(leases, results, strict=True):
                if isinstance(result, Exception) and not lease.finishing:
                    lease.lost.set()

    async def _mark_read(self, turn: ClaimedTurn, correlation_id: str) -> None:
        typing = self.settings.typing_indicator
        if not ((self.settings.mark_read or typing) and self.graph and turn.messages):
            return
        try:
            await self.graph.mark_read(
                turn.phone_number_id, turn.messages[-1].wamid, correlation_id, typing=typing
            )
        except GraphError as exc:
            # Read receipts are a courtesy: the turn goes on without one.
            log.warning(
                "could not mark the messages read", extra={"event": "mark_read_failed", "error": exc.code}
            )


class HeldLease:
    """A running turn as the heartbeats see it."""

    def __init__(self, turn: ClaimedTurn, lease_seconds: int | None) -> None:
        self.turn = turn
        # The lease's length: as asked for, else what the claim granted (settings.lease_seconds),
        # read from its expiry; heartbeats come every third of it.
        granted = (turn.lease_expires_at - datetime.now(UTC)).total_seconds()
        self.seconds = max(3 * MIN_HEARTBEAT_SECONDS, float(lease_seconds or granted))
        # Set when a heartbeat finds the lease lost: the turn is dropped.
        self.lost = asyncio.Event()
        # Set once the turn records its outcome (complete or fail): no more heartbeats for it.
        self.finishing = False

    def __repr__(self) -> str:
        return f"HeldLease(lease={self.turn.lease}, finishing={self.finishing})"

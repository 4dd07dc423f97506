"""The background side of a process: turn workers, the outbox sender, the maintenance timer, the
alert loop and the LISTEN connection that wakes them; started and stopped in the app's lifespan.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from wahook.agent.providers import make_provider
from wahook.agent.tokens import TokenCounter
from wahook.config import AgentSettings, AlertConfig, GraphSettings, MediaSettings, WorkerSettings
from wahook.config.media_reading import MediaReadingSettings
from wahook.db import Database
from wahook.media.graph_media import MediaClient
from wahook.media.reading import MediaReader
from wahook.outbox.graph import GraphClient
from wahook.outbox.ratelimit import DEFAULT_MESSAGES_PER_SECOND, RateLimiter
from wahook.outbox.sender import SENDER_CONCURRENCY, Sender
from wahook.work.alerts import run_alert_loop
from wahook.work.listener import MEDIA_CHANNEL, OUTBOX_CHANNEL, READY_CHANNEL, listen
from wahook.work.maintenance import run_maintenance_loop
from wahook.work.media_fetcher import MediaFetcher
from wahook.work.worker import Worker

log = logging.getLogger(__name__)

WORKER_CONNECTIONS = 4


@dataclass(frozen=True)
class Background:
    """What a process runs besides (or instead of) the webhook endpoint."""

    agent: AgentSettings = field(default_factory=AgentSettings)
    worker: WorkerSettings = field(default_factory=WorkerSettings)
    # Graph API sends per second and business number, in this process (WA_SENDS_PER_SECOND).
    sends_per_second: float = DEFAULT_MESSAGES_PER_SECOND
    # Off in tests that check the engine's state without cleanup moving it.
    run_maintenance: bool = True
    # Alerts to WAHOOK_ALERT_WEBHOOK_URL; off when it is not set.
    alerts: AlertConfig = field(default_factory=AlertConfig)
    # Makes the Graph API client (from GraphSettings); tests point it at a fake.
    graph: Callable[[], GraphClient] = GraphClient
    # The media fetch step (idle unless the engine's media_fetch_enabled records media to fetch).
    media: MediaSettings = field(default_factory=MediaSettings)
    media_client: Callable[[], MediaClient] = MediaClient
    # What is done with fetched media: transcripts, documents' text, images to the model.
    media_reading: MediaReadingSettings = field(default_factory=MediaReadingSettings)

    @property
    def pool_size(self) -> int:
        """Connections for the turns, the sender's sends, the media fetch loop and the
        maintenance/alert loops. Turns share their calls (one claim, one heartbeat and one
        completion batch at a time, besides the rare fail or release), so they need a few
        connections however many run."""
        return min(self.worker.concurrency, WORKER_CONNECTIONS) + SENDER_CONCURRENCY + 3

    @classmethod
    def from_env(cls) -> Background:
        """Every setting checked at start-up: a bad value stops the process with ConfigError."""
        graph = GraphSettings.from_env()
        media = MediaSettings.from_env()
        return cls(
            agent=AgentSettings.from_env(),
            worker=WorkerSettings.from_env(),
            alerts=AlertConfig.from_env(),
            sends_per_second=graph.sends_per_second,
            graph=partial(GraphClient.from_settings, graph),
            media=media,
            media_client=partial(MediaClient.from_settings, graph, media.timeout_seconds),
            media_reading=MediaReadingSettings.from_env(),
        )


class Runtime:
    def __init__(self, database: Database, background: Background) -> None:
        self.database = database
        self.background = background
        self.stop_event = asyncio.Event()
        self.graph = background.graph()
        self.provider = make_provider(background.agent)
        self.worker = Worker(
            database,
            self.provider,
            background.agent,
            background.worker,
            graph=self.graph,
            media_reading=background.media_reading,
        )
        self.sender = Sender(
            database.pool, self.graph, rate_limiter=RateLimiter(rate_per_second=background.sends_per_second)
        )
        self.media_client = background.media_client()
        self.media_reader = MediaReader(background.media_reading, TokenCounter(background.agent.model))
        self.media_fetcher = MediaFetcher(
            database,
            self.media_client,
            background.media,
            self.worker.worker_id,
            self.media_reader.read,
            poll_seconds=background.worker.poll_seconds,
            grace_seconds=background.worker.grace_seconds,
        )
        self._tasks: list[asyncio.Task[None]] = []

    def __repr__(self) -> str:
        return f"Runtime(worker={self.worker!r}, sender={self.sender!r})"

    async def start(self) -> None:
        self._spawn(self.worker.run(self.stop_event))
        self._spawn(self.sender.run(self.stop_event))
        self._spawn(self.media_fetcher.run(self.stop_event))
        if self.background.run_maintenance:
            self._spawn(run_maintenance_loop(self.database, self.stop_event))
        if self.background.alerts.webhook_url:
            self._spawn(run_alert_loop(self.database, self.stop_event, self.background.alerts))
        wakeups = {
            READY_CHANNEL: self.worker.wake,
            OUTBOX_CHANNEL: self.sender.wake,
            MEDIA_CHANNEL: self.media_fetcher.wake,
        }
        self._spawn(listen(self.database.url, wakeups, self.stop_event))
        log.info("background started", extra={"event": "background_started", "reason": self.worker.worker_id})

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        self._tasks.append(asyncio.create_task(work))

    async def stop(self) -> None:
        """Stops claiming, lets turns in flight finish within the grace period, then closes."""
        self.stop_event.set()
        results = await asyncio.gather(*self._tasks, return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException) and not isinstance(result, asyncio.CancelledError):
                log.error("a background task ended with an error", exc_info=result)
        await self.provider.aclose()
        await self.graph.aclose()
        await self.media_client.aclose()
        await self.media_reader.aclose()
        log.info("background stopped", extra={"event": "background_stopped"})


@asynccontextmanager
async def running(database_url: str, background: Background, pool_timeout: float) -> AsyncIterator[Runtime]:
    """The runtime started on a pool of its own (so webhook acknowledgements never queue behind
    turns), and stopped gracefully on exit."""
    database = Database(database_url, max_size=background.pool_size, timeout=pool_timeout)
    await database.open()
    try:
        runtime = Runtime(database, background)
        await runtime.start()
        try:
            yield runtime
        finally:
            await runtime.stop()
    finally:
        await database.close()

"""The chaos run's load: N text messages over M conversations, posted signed as Meta posts them.

Each conversation's messages are numbered from 0, in WhatsApp-timestamp order (one second apart),
and each carries its name (`m<conversation>.<number>`) in its text, so a reply tells which messages
it answers. They go in bodies of 1 to 3 consecutive messages; each body is delivered 1 to 3 times at
once, and a delivery that does not get a 200 is retried with backoff (bench.chaos_meta). A
conversation's next body leaves once its previous one was acknowledged (a 200), as Meta sends a
number's messages; bodies are paced so that the load lasts about `seconds`.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson

from bench.bodies import SECRET, customer, envelope, phone_number_id
from bench.chaos_meta import deliver
from wahook.http.signature import sign

IN_FLIGHT = 48


@dataclass(frozen=True)
class Message:
    conversation: int
    number: int
    wamid: str

    @property
    def name(self) -> str:
        return f"m{self.conversation}.{self.number}"


@dataclass(frozen=True)
class Body:
    conversation: int
    messages: tuple[Message, ...]
    deliveries: int


@dataclass
class LoadResult:
    bodies: int = 0
    posts: int = 0
    refused: Counter[int] = field(default_factory=Counter)
    seconds: float = 0.0


def plan(run: str, messages: int, conversations: int, seed: int) -> list[Body]:
    """The bodies in the order they are released: conversations interleaved, each in order."""
    rng = random.Random(seed)  # noqa: S311 (reproducible faults, not secrets)
    per: list[list[Message]] = [[] for _ in range(conversations)]
    for n in range(messages):
        c = n % conversations
        per[c].append(Message(c, len(per[c]), f"wamid.chaos.{run}.{c}.{len(per[c])}"))
    queues: list[list[Body]] = []
    for msgs in per:
        bodies, i = [], 0
        while i < len(msgs):
            size = rng.randint(1, 3)
            bodies.append(Body(msgs[0].conversation, tuple(msgs[i : i + size]), rng.randint(1, 3)))
            i += size
        queues.append(bodies)
    order: list[Body] = []
    for round_ in range(max((len(q) for q in queues), default=0)):
        order += [q[round_] for q in queues if round_ < len(q)]
    return order


def encode(body: Body, first_timestamp: int) -> bytes:
    wa_id = customer(body.conversation)
    value: dict[str, Any] = {
        "contacts": [{"profile": {"name": f"Customer {body.conversation}"}, "wa_id": wa_id}],
        "messages": [
            {
                "from": wa_id,
                "id": m.wamid,
                # Strictly increasing within a conversation: the order the replies must follow.
                "timestamp": str(first_timestamp + m.number),
                "type": "text",
                "text": {"body": f"{m.name} chaos"},
            }
            for m in body.messages
        ],
    }
    return orjson.dumps(envelope(phone_number_id(body.conversation), value))


async def run(url: str, bodies: list[Body], seconds: float, result: LoadResult) -> None:
    """Posts the bodies to `url`; fills `result` as it goes (its counts are read while it runs)."""
    first_timestamp = int(time.time()) - 3600
    limit = asyncio.Semaphore(IN_FLIGHT)
    interval = seconds / max(len(bodies), 1)
    started = time.monotonic()
    last: dict[int, asyncio.Task[None]] = {}
    async with httpx.AsyncClient(
        timeout=httpx.Timeout(10.0), limits=httpx.Limits(max_connections=IN_FLIGHT)
    ) as client:

        async def send(body: Body, previous: asyncio.Task[None] | None) -> None:
            if previous is not None:
                await previous
            raw = encode(body, first_timestamp)
            headers = {"Content-Type": "application/json", "X-Hub-Signature-256": sign(SECRET, raw)}
            answers = await asyncio.gather(
                *(deliver(client, limit, url, raw, headers) for _ in range(body.deliveries))
            )
            for refused in answers:
                result.refused.update(refused)
                result.posts += refused.total() + 1
            result.bodies += 1

        for n, body in enumerate(bodies):
            delay = started + n * interval - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            last[body.conversation] = asyncio.create_task(send(body, last.get(body.conversation)))
        await asyncio.gather(*last.values())
    result.seconds = time.monotonic() - started

"""Load generator: signed text-message webhooks against a running sidecar, then the end-to-end time
until every reply has left the outbox.

    .venv/bin/python bench/webhook_load.py --url http://127.0.0.1:8080 --database-url "$DATABASE_URL" \
        --conversations 200 --messages 5 --concurrency 32

WA_APP_SECRET must be the sidecar's. Prints the webhook acknowledgement latency (what Meta waits
for) and throughput, and, with --database-url, the time from receipt to reply sent per message.
Run it against a scratch database: it writes real conversations.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import time
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import psycopg

from wahook.signature import sign

PHONE_NUMBER_ID = "100000009"

# Per message: when it was received, and when the reply of its turn was sent (null while not yet).
END_TO_END = """
select extract(epoch from o.sent_at - m.received_at) * 1000
from wahook_private.processed_webhook_messages m
join wahook_private.agent_contexts a on a.message_id = m.id
join wahook_private.outbound_messages o
    on o.conversation_id = m.conversation_id and o.lease_token = a.lease_token
where m.wamid like %(prefix)s and o.sent_at is not null
"""
UNSENT = """
select count(*) from wahook_private.processed_webhook_messages m
where m.wamid like %(prefix)s and m.status in ('pending', 'processing')
union all
select count(*) from wahook_private.outbound_messages o
where o.status in ('queued', 'sending')
"""


@dataclass(frozen=True)
class Result:
    sent: int
    seconds: float
    ack_ms: list[float]
    errors: int
    end_to_end_ms: list[float]

    def report(self) -> str:
        lines = [
            f"webhooks: {self.sent} in {self.seconds:.2f} s = {self.sent / self.seconds:.0f}/s, "
            f"non-200: {self.errors}",
            f"ack latency ms: {summary(self.ack_ms)}",
        ]
        if self.end_to_end_ms:
            lines.append(f"receipt to reply sent ms: {summary(self.end_to_end_ms)}")
        return "\n".join(lines)


def summary(values: list[float]) -> str:
    if not values:
        return "none"
    ordered = sorted(values)
    q = statistics.quantiles(ordered, n=100) if len(ordered) > 1 else [ordered[0]] * 99
    return f"p50 {q[49]:.1f}, p95 {q[94]:.1f}, p99 {q[98]:.1f}, max {ordered[-1]:.1f} (n={len(ordered)})"


def body(customer: str, wamid: str, text: str) -> bytes:
    message = {"from": customer, "id": wamid, "timestamp": str(int(time.time())), "type": "text"}
    message["text"] = {"body": text}  # type: ignore[assignment]
    value: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550000009", "phone_number_id": PHONE_NUMBER_ID},
        "contacts": [{"profile": {"name": "Load"}, "wa_id": customer}],
        "messages": [message],
    }
    change = {"field": "messages", "value": value}
    entry = {"id": "1", "changes": [change]}
    return json.dumps({"object": "whatsapp_business_account", "entry": [entry]}).encode()


async def post_all(url: str, secret: str, bodies: list[bytes], concurrency: int) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0
    queue: asyncio.Queue[bytes] = asyncio.Queue()
    for raw in bodies:
        queue.put_nowait(raw)

    async def client_loop(client: httpx.AsyncClient) -> None:
        nonlocal errors
        while not queue.empty():
            raw = queue.get_nowait()
            headers = {"Content-Type": "application/json", "X-Hub-Signature-256": sign(secret, raw)}
            started = time.perf_counter()
            response = await client.post(f"{url}/webhook", content=raw, headers=headers)
            latencies.append((time.perf_counter() - started) * 1000)
            errors += response.status_code != 200

    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(timeout=30, limits=limits) as client:
        await asyncio.gather(*(client_loop(client) for _ in range(concurrency)))
    return latencies, errors


def wait_for_replies(database_url: str, prefix: str, timeout: float) -> list[float]:
    deadline = time.monotonic() + timeout
    with psycopg.connect(database_url, autocommit=True) as conn:
        while sum(row[0] for row in conn.execute(UNSENT, {"prefix": prefix}).fetchall()):
            if time.monotonic() > deadline:
                raise SystemExit(f"replies still pending after {timeout} s")
            time.sleep(0.2)
        return [float(row[0]) for row in conn.execute(END_TO_END, {"prefix": prefix}).fetchall()]


def run(
    url: str,
    secret: str,
    conversations: int,
    messages: int,
    concurrency: int,
    database_url: str | None = None,
    timeout: float = 600,
) -> Result:
    run_id = uuid.uuid4().hex[:8]
    prefix = f"wamid.load.{run_id}."
    # Round-robin over conversations, so each conversation's messages arrive in order.
    bodies = [
        body(f"1999{run_id[:4]}{c:06d}"[-15:], f"{prefix}{c}.{m}", f"load message {m}")
        for m in range(messages)
        for c in range(conversations)
    ]
    started = time.perf_counter()
    ack_ms, errors = asyncio.run(post_all(url, secret, bodies, concurrency))
    seconds = time.perf_counter() - started
    end_to_end = wait_for_replies(database_url, prefix + "%", timeout) if database_url else []
    return Result(len(bodies), seconds, ack_ms, errors, end_to_end)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument("--database-url", help="wait for the replies and report end-to-end times")
    parser.add_argument("--conversations", type=int, default=100)
    parser.add_argument("--messages", type=int, default=5, help="per conversation")
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    secret = os.environ.get("WA_APP_SECRET", "")
    if not secret:
        raise SystemExit("WA_APP_SECRET must be the sidecar's app secret")
    result = run(args.url, secret, args.conversations, args.messages, args.concurrency, args.database_url)
    print(result.report())


if __name__ == "__main__":
    main()

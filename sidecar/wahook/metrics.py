"""Prometheus metrics of this process, in a registry of its own (not prometheus_client's global one,
so that tests and embedders see only wahook's series).

Counters and the latency histogram are updated in-process by the functions below. Every label is a
bounded enum: a value outside its set is counted as `other`, so no id or phone number can become a
label and the number of series stays fixed. The queue and health gauges are read from SQL at scrape
time (wahook.observability), not kept here.
"""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client import CollectorRegistry, Counter, Histogram, disable_created_metrics

from wahook.db.ingest import IngestSummary

# The *_created series only double the output; no wahook dashboard or alert reads them.
disable_created_metrics()  # type: ignore[no-untyped-call]

REGISTRY = CollectorRegistry(auto_describe=True)

OTHER = "other"

# The answer given to a POST /webhook.
WEBHOOK_OUTCOMES = frozenset(
    {"stored", "forwarded", "invalid_signature", "too_large", "invalid", "unavailable", "forward_failed"}
)
# Items of ingested bodies (wahook.ingest_inbox, as process_message reports them): kind and outcome.
ITEM_KINDS = frozenset({"message", "status", "error", "event"})
ITEM_OUTCOMES = frozenset({"accepted", "duplicate", "applied", "stale", "unmatched", "ignored"})
# How an agent turn ended, as the worker reports it.
TURN_RESULTS = frozenset({"completed", "retry_scheduled", "dead", "released", "lease_lost", "error"})
# What became of one reply the sender handled.
SEND_RESULTS = frozenset({"sent", "retry", "failed", "unknown", "outside_window", "withheld", "not_recorded"})
# How one media fetch attempt ended (the media fetch step).
MEDIA_RESULTS = frozenset({"fetched", "retry", "failed", "lease_lost", "not_recorded"})

# Agent calls run from tens of milliseconds (echo) to the provider timeout; 60 s is the top bucket.
AGENT_LATENCY_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0, 45.0, 60.0)

webhooks_received = Counter(
    "wahook_webhooks_received_total",
    "POST /webhook requests by outcome: stored, forwarded (legacy only), invalid_signature, too_large, "
    "invalid, unavailable (database, 503), forward_failed (legacy endpoint, 502).",
    ["outcome"],
    registry=REGISTRY,
)
webhook_items = Counter(
    "wahook_webhook_items_total",
    "Items of ingested webhook bodies by kind and outcome (as wahook.process_message reports them).",
    ["kind", "outcome"],
    registry=REGISTRY,
)
inbox_bodies = Counter(
    "wahook_inbox_bodies_total",
    "Acknowledged webhook bodies taken from the inbox by this process's ingester, by result: ingested, "
    "failed (kept in the inbox with their error).",
    ["result"],
    registry=REGISTRY,
)
ingest_seconds = Histogram(
    "wahook_ingest_batch_seconds",
    "Duration of one wahook.ingest_inbox call that ingested something, in seconds.",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
    registry=REGISTRY,
)
signature_failures = Counter(
    "wahook_webhook_signature_failures_total",
    "POST /webhook requests refused because X-Hub-Signature-256 was missing or wrong.",
    registry=REGISTRY,
)
duplicates = Counter(
    "wahook_duplicates_total",
    "Repeated deliveries of messages already stored (process_message outcome duplicate).",
    registry=REGISTRY,
)
media_fetches = Counter(
    "wahook_media_fetches_total",
    "Media fetch attempts by result: fetched, retry (failed, tried again later), failed (for good), "
    "lease_lost, not_recorded (database gone: the lease expires and the media is fetched again).",
    ["result"],
    registry=REGISTRY,
)
turns = Counter(
    "wahook_turns_total",
    "Agent turns by result: completed, retry_scheduled, dead, released, lease_lost, error.",
    ["result"],
    registry=REGISTRY,
)
agent_latency = Histogram(
    "wahook_agent_latency_seconds",
    "Duration of agent (provider) calls, in seconds.",
    buckets=AGENT_LATENCY_BUCKETS,
    registry=REGISTRY,
)
graph_sends = Counter(
    "wahook_graph_sends_total",
    "Replies handled by the sender by result: sent, retry (requeued), failed, unknown (may or may not "
    "have been sent), outside_window (not sent: 24-hour window closed), withheld (not sent: an agent "
    "reply queued before a person took the conversation over), not_recorded.",
    ["result"],
    registry=REGISTRY,
)


def bounded(value: str, allowed: frozenset[str]) -> str:
    return value if value in allowed else OTHER


def _prime(counter: Counter, values: Iterable[str]) -> None:
    # Series exist at 0 from the start, so rate() and absent() behave before the first event.
    for value in (*sorted(values), OTHER):
        counter.labels(value)


_prime(webhooks_received, WEBHOOK_OUTCOMES)
_prime(inbox_bodies, frozenset({"ingested", "failed"}))
_prime(turns, TURN_RESULTS)
_prime(graph_sends, SEND_RESULTS)


def webhook_answered(outcome: str) -> None:
    """One POST /webhook answered (outcome: one of WEBHOOK_OUTCOMES)."""
    webhooks_received.labels(bounded(outcome, WEBHOOK_OUTCOMES)).inc()
    if outcome == "invalid_signature":
        signature_failures.inc()


def inbox_ingested(summary: IngestSummary, seconds: float) -> None:
    """One wahook.ingest_inbox call that took bodies in (or kept some aside as failed)."""
    inbox_bodies.labels("ingested").inc(summary.body_count)
    inbox_bodies.labels("failed").inc(summary.failed_count)
    ingest_seconds.observe(seconds)
    for key, count in summary.outcomes.items():
        kind, _, outcome = key.partition(":")
        webhook_items.labels(bounded(kind, ITEM_KINDS), bounded(outcome, ITEM_OUTCOMES)).inc(count)
        if kind == "message" and outcome == "duplicate":
            duplicates.inc(count)


def turn_finished(result: str, latency_seconds: float | None = None) -> None:
    """One agent turn ended (result: one of TURN_RESULTS); latency_seconds is the provider call's
    duration when one was made."""
    turns.labels(bounded(result, TURN_RESULTS)).inc()
    if latency_seconds is not None:
        agent_latency.observe(max(0.0, latency_seconds))


def media_fetch_ended(result: str) -> None:
    """One media fetch attempt ended (result: one of MEDIA_RESULTS)."""
    media_fetches.labels(bounded(result, MEDIA_RESULTS)).inc()


def reply_handled(result: str) -> None:
    """The sender finished with one reply (result: one of SEND_RESULTS)."""
    graph_sends.labels(bounded(result, SEND_RESULTS)).inc()

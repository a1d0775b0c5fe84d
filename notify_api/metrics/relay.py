"""Messages that could not be enqueued because the broker was down, held by the enqueue relay."""

from __future__ import annotations

from prometheus_client import Counter, Gauge

# livesum: what each running process still holds; a dead process's buffer is the outbox sweeper's now.
RELAY_WAITING = Gauge(
    "enqueue_relay_waiting",
    "Messages waiting in this process for the broker to come back.",
    multiprocess_mode="livesum",
)
RELAY_OUTCOMES = Counter(
    "enqueue_relay",
    "Messages the relay took because the broker was down, by outcome: relayed once it was back, or "
    "dropped because the relay was full (the outbox sweeper enqueues those rows later).",
    ("outcome",),
)

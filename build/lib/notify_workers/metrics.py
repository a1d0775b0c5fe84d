"""Worker metrics, held in this process's memory only.

Workers never run prometheus-client in multiprocess mode: ``worker_main.py`` removes the variables that would
switch it on before anything imports the library, so restarted worker processes write no files. Importing
this module in a process where the library did start in multiprocess mode is refused, loudly, rather than
letting files pile up.
"""

from __future__ import annotations

import time
from typing import Any, Final

from dramatiq.broker import Broker, MessageProxy
from dramatiq.middleware import Middleware
from prometheus_client import Counter, Histogram, values

if getattr(values.ValueClass, "_multiprocess", False):
    raise RuntimeError(
        "prometheus-client is in multiprocess mode in a worker process; start workers with worker_main.py"
    )

MESSAGE_LABELS: Final = ("actor", "queue")

MESSAGES_PROCESSED = Counter(
    "notify_worker_messages_processed",
    "Messages an actor finished handling, successfully or not, by actor and queue.",
    MESSAGE_LABELS,
)
MESSAGES_FAILED = Counter(
    "notify_worker_messages_failed",
    "Messages whose actor raised, by actor and queue (each attempt counts).",
    MESSAGE_LABELS,
)
MESSAGE_DURATION = Histogram(
    "notify_worker_message_duration_seconds",
    "Time an actor spent on one message, by actor and queue.",
    MESSAGE_LABELS,
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0),
)


class WorkerMetrics(Middleware):
    """Counts and times every message an actor processes."""

    def __init__(self) -> None:
        # message id -> start time. Hooks for one message run on the same worker thread, but several
        # worker threads share this middleware, hence a dict rather than one attribute.
        self._started: dict[str, float] = {}

    def before_process_message(self, broker: Broker, message: MessageProxy) -> None:
        self._started[message.message_id] = time.perf_counter()

    def after_process_message(
        self,
        broker: Broker,
        message: MessageProxy,
        *,
        result: Any | None = None,
        exception: BaseException | None = None,
    ) -> None:
        started = self._started.pop(message.message_id, None)
        labels = (message.actor_name, message.queue_name)
        MESSAGES_PROCESSED.labels(*labels).inc()
        if exception is not None:
            MESSAGES_FAILED.labels(*labels).inc()
        if started is not None:
            MESSAGE_DURATION.labels(*labels).observe(time.perf_counter() - started)

    def after_skip_message(self, broker: Broker, message: MessageProxy) -> None:
        self._started.pop(message.message_id, None)

"""The ``queue_depth`` and ``queue_oldest_message_age_seconds`` gauges, read when ``/metrics`` is scraped.

Whoever can see the broker registers an async reader returning ``{queue name: QueueStats}``. Readers are
awaited on each scrape; the values are not stored in multiprocess files because they describe the broker, not
this process. Depth says how much work waits; the oldest message's age says how late it is running, which is
the better signal for scaling workers (a deep queue that drains fast needs no more of them).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping

from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from notify_api.logging import get_logger
from notify_api.tasks.depth import QueueStats

QueueDepthReader = Callable[[], Awaitable[Mapping[str, QueueStats]]]

log = get_logger(__name__)
_readers: list[QueueDepthReader] = []


def register_queue_depth_reader(reader: QueueDepthReader) -> Callable[[], None]:
    """Add a reader; returns a function that removes it again (for an app's shutdown, or a test)."""
    _readers.append(reader)

    def unregister() -> None:
        if reader in _readers:
            _readers.remove(reader)

    return unregister


async def read_queue_depths() -> dict[str, QueueStats]:
    """Ask every reader; one that fails is logged and skipped so that the rest of ``/metrics`` still works."""
    depths: dict[str, QueueStats] = {}
    for reader in list(_readers):
        try:
            reported = await reader()
        except Exception as error:  # a broken broker connection must not break the scrape
            log.warning("metrics.queue_depth_failed", error=type(error).__name__)
            continue
        for queue, stats in reported.items():
            known = depths.get(queue, QueueStats(0, 0.0))
            depths[queue] = QueueStats(
                known.waiting + stats.waiting, max(known.oldest_age_seconds, stats.oldest_age_seconds)
            )
    return depths


class QueueDepthCollector(Collector):
    """Reports depths read just before a scrape."""

    def __init__(self, depths: Mapping[str, QueueStats]) -> None:
        self._depths = dict(depths)

    def collect(self) -> Iterable[Metric]:
        if not self._depths:
            return []
        depth = GaugeMetricFamily("queue_depth", "Messages waiting in each task queue.", labels=["queue"])
        age = GaugeMetricFamily(
            "queue_oldest_message_age_seconds",
            "How long the oldest message waiting in each task queue has waited (0 when none waits).",
            labels=["queue"],
        )
        for queue, stats in sorted(self._depths.items()):
            depth.add_metric([queue], stats.waiting)
            age.add_metric([queue], round(stats.oldest_age_seconds, 3))
        return [depth, age]

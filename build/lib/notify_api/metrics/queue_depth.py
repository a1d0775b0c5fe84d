"""The ``queue_depth`` gauge: how many messages wait in each task queue, read when ``/metrics`` is scraped.

Whoever can see the broker registers an async reader returning ``{queue name: waiting messages}``. Readers are
awaited on each scrape; the values are not stored in multiprocess files because they describe the broker, not
this process.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping

from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from notify_api.logging import get_logger

QueueDepthReader = Callable[[], Awaitable[Mapping[str, int]]]

log = get_logger(__name__)
_readers: list[QueueDepthReader] = []


def register_queue_depth_reader(reader: QueueDepthReader) -> Callable[[], None]:
    """Add a reader; returns a function that removes it again (for an app's shutdown, or a test)."""
    _readers.append(reader)

    def unregister() -> None:
        if reader in _readers:
            _readers.remove(reader)

    return unregister


async def read_queue_depths() -> dict[str, int]:
    """Ask every reader; one that fails is logged and skipped so that the rest of ``/metrics`` still works."""
    depths: dict[str, int] = {}
    for reader in list(_readers):
        try:
            reported = await reader()
        except Exception as error:  # a broken broker connection must not break the scrape
            log.warning("metrics.queue_depth_failed", error=type(error).__name__)
            continue
        for queue, waiting in reported.items():
            depths[queue] = depths.get(queue, 0) + int(waiting)
    return depths


class QueueDepthCollector(Collector):
    """Reports depths read just before a scrape."""

    def __init__(self, depths: Mapping[str, int]) -> None:
        self._depths = dict(depths)

    def collect(self) -> Iterable[Metric]:
        if not self._depths:
            return []
        gauge = GaugeMetricFamily("queue_depth", "Messages waiting in each task queue.", labels=["queue"])
        for queue, waiting in sorted(self._depths.items()):
            gauge.add_metric([queue], waiting)
        return [gauge]

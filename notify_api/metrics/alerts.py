"""Operator alerts raised by the periodic checks, as Prometheus metrics on the API's ``/metrics``.

The checks run in worker processes, whose metrics nobody scrapes, so their results are kept in Redis (which
also survives worker restarts) and the API reports them at each scrape:
``notify_alert_items{alert}`` is what the last run of each check found (0: all clear) and
``notify_alerts_raised_total{alert}`` counts the alerts raised.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Final

import redis.asyncio as aioredis
from prometheus_client.metrics_core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

ALERT_ITEMS_KEY: Final = "notify:alerts:items"
ALERTS_RAISED_KEY: Final = "notify:alerts:raised"


@dataclass(frozen=True)
class AlertState:
    items: dict[str, int] = field(default_factory=dict)
    raised: dict[str, int] = field(default_factory=dict)


async def record_alert_items(redis: aioredis.Redis, name: str, found: int) -> None:
    await redis.hset(ALERT_ITEMS_KEY, name, found)


async def count_alert_raised(redis: aioredis.Redis, name: str) -> None:
    await redis.hincrby(ALERTS_RAISED_KEY, name, 1)


async def read_alert_state(redis: aioredis.Redis) -> AlertState:
    items = await redis.hgetall(ALERT_ITEMS_KEY)
    raised = await redis.hgetall(ALERTS_RAISED_KEY)

    def decoded(values: Mapping[bytes | str, bytes | str]) -> dict[str, int]:
        return {
            (name.decode() if isinstance(name, bytes) else name): int(value) for name, value in values.items()
        }

    return AlertState(decoded(items), decoded(raised))


class AlertStateCollector(Collector):
    def __init__(self, state: AlertState) -> None:
        self._state = state

    def collect(self) -> Iterable[Metric]:
        items = GaugeMetricFamily(
            "notify_alert_items",
            "How many problems the last run of each periodic check found; 0 means all clear.",
            labels=["alert"],
        )
        for name, found in sorted(self._state.items.items()):
            items.add_metric([name], found)
        raised = CounterMetricFamily(
            "notify_alerts_raised", "Alerts the periodic checks raised, by check.", labels=["alert"]
        )
        for name, count in sorted(self._state.raised.items()):
            raised.add_metric([name], count)
        return [items, raised]

"""The Dramatiq broker, built from the broker URL: Redis by default, RabbitMQ for ``amqp://`` URLs.

The middleware list is explicit: Dramatiq's Prometheus middleware writes multiprocess files and is never used.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dramatiq
from dramatiq.middleware import AgeLimit, Callbacks, Pipelines, Retries, ShutdownNotifications, TimeLimit

from notify_api.settings import Settings
from notify_api.tasks.enqueue import REDIS_NAMESPACE


def base_middleware() -> list[Any]:
    return [AgeLimit(), TimeLimit(), ShutdownNotifications(), Callbacks(), Pipelines(), Retries()]


def build_broker(settings: Settings, middleware: Sequence[Any] | None = None) -> dramatiq.Broker:
    url = settings.task_broker_url
    chosen = list(middleware) if middleware is not None else base_middleware()
    if url.startswith(("amqp://", "amqps://")):
        from dramatiq.brokers.rabbitmq import RabbitmqBroker

        return RabbitmqBroker(url=url, middleware=chosen)
    from dramatiq.brokers.redis import RedisBroker

    return RedisBroker(url=url, middleware=chosen, namespace=REDIS_NAMESPACE)  # type: ignore[no-untyped-call]

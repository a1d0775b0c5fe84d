"""``switch-current-sms-provider-on-slow-delivery`` (every minute) and ``tend-providers-back-to-middle``
(every 5 minutes), enqueued by the scheduler; see ``notify_workers.delivery.provider_health``."""

from __future__ import annotations

import dramatiq

from notify_api.tasks import queues
from notify_workers.broker import queue_name
from notify_workers.delivery import provider_health
from notify_workers.runtime import worker_runtime


@dramatiq.actor(
    actor_name="switch-current-sms-provider-on-slow-delivery",
    queue_name=queue_name(queues.PERIODIC),
    max_retries=0,
)
async def switch_current_sms_provider_on_slow_delivery() -> None:
    await provider_health.switch_provider_on_slow_delivery(worker_runtime())


@dramatiq.actor(
    actor_name="tend-providers-back-to-middle", queue_name=queue_name(queues.PERIODIC), max_retries=0
)
async def tend_providers_back_to_middle() -> None:
    await provider_health.tend_providers(worker_runtime())

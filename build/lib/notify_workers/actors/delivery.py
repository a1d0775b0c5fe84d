"""``deliver_sms`` and ``deliver_email``: hand a notification to a provider (see ``delivery.send``).

Retries (``notify_workers.retry``): 48 by default, the first at once, then every
``DELIVERY_RETRY_DELAY_SECONDS`` (300); when they run out, ``delivery-retries-exhausted`` marks the
notification ``technical-failure``. The API routes these messages to several queues (send-sms/email,
priority, research-mode, notify-internal): all of them are declared here so that workers consume them.
"""

from __future__ import annotations

from typing import Any, Final

import dramatiq

from notify_api.tasks import queues
from notify_workers.broker import broker, queue_name, settings
from notify_workers.delivery import send
from notify_workers.delivery.clients import worker_delivery_clients
from notify_workers.retry import callback_retry_policy, delivery_retry_policy
from notify_workers.runtime import worker_runtime

RETRIES_EXHAUSTED: Final = "delivery-retries-exhausted"
DELIVERY_RETRIES: Final = delivery_retry_policy(
    settings.delivery_max_retries, settings.delivery_retry_delay_seconds
)
DELIVERY_QUEUES: Final = (queues.PRIORITY, queues.RESEARCH_MODE, queues.NOTIFY_INTERNAL, queues.RETRY)

for extra_queue in DELIVERY_QUEUES:
    broker.declare_queue(queue_name(extra_queue))


@dramatiq.actor(
    actor_name="deliver_sms",
    queue_name=queue_name(queues.SEND_SMS),
    **DELIVERY_RETRIES.actor_options(on_retry_exhausted=RETRIES_EXHAUSTED),
)
async def deliver_sms(notification_id: str) -> None:
    runtime = worker_runtime()
    await send.deliver_sms(runtime, worker_delivery_clients(runtime.settings), notification_id)


@dramatiq.actor(
    actor_name="deliver_email",
    queue_name=queue_name(queues.SEND_EMAIL),
    **DELIVERY_RETRIES.actor_options(on_retry_exhausted=RETRIES_EXHAUSTED),
)
async def deliver_email(notification_id: str) -> None:
    runtime = worker_runtime()
    await send.deliver_email(runtime, worker_delivery_clients(runtime.settings), notification_id)


@dramatiq.actor(
    actor_name=RETRIES_EXHAUSTED,
    queue_name=queue_name(queues.RETRY),
    **callback_retry_policy(settings.delivery_retry_delay_seconds).actor_options(),
)
async def delivery_retries_exhausted(message: dict[str, Any], retry_info: dict[str, Any]) -> None:
    """Dramatiq sends the exhausted message here (its ``asdict()``); the first argument is the id."""
    args = message.get("args") or []
    if args:
        await send.give_up_delivery(worker_runtime(), str(args[0]))

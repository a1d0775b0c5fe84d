"""``research-mode-sms-receipt``: POST the fake provider receipt of a research-mode or test-key SMS.

``deliver_sms`` enqueues it (on research-mode-tasks) once the row is marked sent; a failed POST is retried.
"""

from __future__ import annotations

import dramatiq

from notify_api.receipts.credentials import receipt_credentials
from notify_api.tasks import queues
from notify_workers.broker import queue_name, settings
from notify_workers.delivery.clients import worker_delivery_clients
from notify_workers.delivery.research import send_fake_sms_receipts
from notify_workers.delivery.send import RESEARCH_SMS_RECEIPT
from notify_workers.retry import callback_retry_policy
from notify_workers.runtime import worker_runtime

# Our own endpoint: a short wait is enough before trying again.
RESEARCH_RECEIPT_RETRIES = callback_retry_policy(min(30.0, settings.delivery_retry_delay_seconds))


@dramatiq.actor(
    actor_name=RESEARCH_SMS_RECEIPT,
    queue_name=queue_name(queues.RESEARCH_MODE),
    **RESEARCH_RECEIPT_RETRIES.actor_options(),
)
async def research_mode_sms_receipt(provider: str, notification_id: str) -> None:
    runtime = worker_runtime()
    http = worker_delivery_clients(runtime.settings).http
    async with runtime.database.read() as connection:
        await send_fake_sms_receipts(
            connection,
            http,
            runtime.settings.api_host_name,
            provider,
            notification_id,
            credentials=receipt_credentials(runtime.settings, provider),
        )

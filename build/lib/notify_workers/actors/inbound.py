"""``send-inbound-sms``: forward a received text to the service's inbound API URL.

Retried on connection errors and 5xx only; any 4xx (429 included) is logged and dropped.
"""

from __future__ import annotations

import dramatiq
import httpx

from notify_api.callbacks.delivery import send_inbound_sms
from notify_api.callbacks.types import CallbackResult
from notify_api.runtime import Runtime
from notify_api.tasks.queues import NOTIFY_INTERNAL
from notify_workers.actors.service_callbacks import CALLBACK_RETRIES, callback_http_client, raise_if_retryable
from notify_workers.broker import queue_name
from notify_workers.runtime import worker_runtime


async def forward_inbound_sms(
    runtime: Runtime, http: httpx.AsyncClient, inbound_sms_id: str, service_id: str
) -> CallbackResult:
    return raise_if_retryable(await send_inbound_sms(runtime, http, inbound_sms_id, service_id))


@dramatiq.actor(
    actor_name="send-inbound-sms",
    queue_name=queue_name(NOTIFY_INTERNAL),
    **CALLBACK_RETRIES.actor_options(),
)
async def send_inbound_sms_actor(inbound_sms_id: str, service_id: str) -> None:
    await forward_inbound_sms(worker_runtime(), callback_http_client(), inbound_sms_id, service_id)

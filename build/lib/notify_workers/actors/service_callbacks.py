"""``send-delivery-status`` and ``send-complaint``: POST a signed JSON callback to the service's URL.

Connection errors, timeouts, 5xx and 429 are temporary (retried with the shared callback policy); any other
4xx is logged and dropped, as the service will refuse the same request again.
"""

from __future__ import annotations

from typing import Final

import dramatiq
import httpx

from notify_api.callbacks.delivery import send_complaint, send_delivery_status
from notify_api.callbacks.types import CallbackResult
from notify_api.runtime import Runtime
from notify_api.tasks.queues import SERVICE_CALLBACKS
from notify_workers.broker import queue_name, settings
from notify_workers.retry import RetryLater, callback_retry_policy
from notify_workers.runtime import worker_runtime

# Same spacing as provider retries (DELIVERY_RETRY_DELAY_SECONDS, 5 minutes by default), 5 attempts.
CALLBACK_RETRIES: Final = callback_retry_policy(settings.delivery_retry_delay_seconds)

_http: httpx.AsyncClient | None = None


def callback_http_client() -> httpx.AsyncClient:
    """One connection pool per worker process, created inside the process's event loop on first use."""
    global _http
    if _http is None:
        _http = httpx.AsyncClient(follow_redirects=False)
    return _http


def raise_if_retryable(result: CallbackResult) -> CallbackResult:
    if result.should_retry:
        raise RetryLater(f"callback failed: {result.error or result.status_code}")
    return result


async def deliver_status_callback(
    runtime: Runtime, http: httpx.AsyncClient, notification_id: str
) -> CallbackResult:
    return raise_if_retryable(await send_delivery_status(runtime, http, notification_id))


async def deliver_complaint_callback(
    runtime: Runtime, http: httpx.AsyncClient, complaint_id: str
) -> CallbackResult:
    return raise_if_retryable(await send_complaint(runtime, http, complaint_id))


@dramatiq.actor(
    actor_name="send-delivery-status",
    queue_name=queue_name(SERVICE_CALLBACKS),
    **CALLBACK_RETRIES.actor_options(),
)
async def send_delivery_status_actor(notification_id: str) -> None:
    await deliver_status_callback(worker_runtime(), callback_http_client(), notification_id)


@dramatiq.actor(
    actor_name="send-complaint",
    queue_name=queue_name(SERVICE_CALLBACKS),
    **CALLBACK_RETRIES.actor_options(),
)
async def send_complaint_actor(complaint_id: str) -> None:
    await deliver_complaint_callback(worker_runtime(), callback_http_client(), complaint_id)

"""Send one callback: read what to report (no transaction held during the HTTP call), POST it, report back.

Actors turn a ``RETRYABLE`` result into a retry; a 4xx other than 429 is logged and dropped, as retrying
cannot fix a request the service refuses.
"""

from __future__ import annotations

import uuid

import httpx

from notify_api.callbacks.http import post_callback
from notify_api.callbacks.payloads import (
    complaint_payload,
    delivery_status_payload,
    inbound_sms_payload,
)
from notify_api.callbacks.queries import (
    get_complaint_for_callback,
    get_inbound_api,
    get_inbound_sms_for_callback,
    get_notification_for_callback,
    get_service_callback,
)
from notify_api.callbacks.types import CallbackOutcome, CallbackResult
from notify_api.enums import COMPLAINT_CALLBACK, DELIVERY_STATUS_CALLBACK
from notify_api.logging import get_logger
from notify_api.runtime import Runtime

log = get_logger(__name__)

_NOTHING = CallbackResult(CallbackOutcome.NOTHING_TO_SEND)


def _log_result(event: str, result: CallbackResult, **ids: str) -> None:
    fields = {
        "outcome": result.outcome.value,
        "status_code": result.status_code,
        "error": result.error,
        **ids,
    }
    if result.outcome is CallbackOutcome.DELIVERED:
        log.info(event, **fields)
    else:
        log.warning(event, **fields)


async def send_delivery_status(
    runtime: Runtime, http: httpx.AsyncClient, notification_id: str
) -> CallbackResult:
    async with runtime.database.read() as connection:
        notification = await get_notification_for_callback(connection, uuid.UUID(notification_id))
        if notification is None:
            log.warning("callback.delivery_status.notification_missing", notification_id=notification_id)
            return _NOTHING
        target = await get_service_callback(
            connection, runtime.encryption, notification.service_id, DELIVERY_STATUS_CALLBACK
        )
    if target is None:
        return _NOTHING
    result = await post_callback(http, target, delivery_status_payload(notification))
    _log_result(
        "callback.delivery_status",
        result,
        notification_id=notification_id,
        service_id=str(notification.service_id),
    )
    return result


async def send_complaint(runtime: Runtime, http: httpx.AsyncClient, complaint_id: str) -> CallbackResult:
    async with runtime.database.read() as connection:
        complaint = await get_complaint_for_callback(connection, uuid.UUID(complaint_id))
        if complaint is None:
            log.warning("callback.complaint.missing", complaint_id=complaint_id)
            return _NOTHING
        target = await get_service_callback(
            connection, runtime.encryption, complaint.service_id, COMPLAINT_CALLBACK
        )
    if target is None:
        return _NOTHING
    result = await post_callback(http, target, complaint_payload(complaint))
    _log_result("callback.complaint", result, complaint_id=complaint_id, service_id=str(complaint.service_id))
    return result


async def send_inbound_sms(
    runtime: Runtime, http: httpx.AsyncClient, inbound_sms_id: str, service_id: str
) -> CallbackResult:
    async with runtime.database.read() as connection:
        target = await get_inbound_api(connection, runtime.encryption, uuid.UUID(service_id))
        if target is None:
            log.info("callback.inbound_sms.no_inbound_api", service_id=service_id)
            return _NOTHING
        message = await get_inbound_sms_for_callback(
            connection, runtime.encryption, uuid.UUID(inbound_sms_id)
        )
    if message is None:
        log.warning("callback.inbound_sms.missing", inbound_sms_id=inbound_sms_id, service_id=service_id)
        return _NOTHING
    # Received texts: retry on connection errors and 5xx only (a 429 is not retried, as the original did).
    result = await post_callback(http, target, inbound_sms_payload(message), retry_too_many_requests=False)
    _log_result("callback.inbound_sms", result, inbound_sms_id=inbound_sms_id, service_id=service_id)
    return result

"""send-delivery-status and send-complaint against a real HTTP receiver."""

from __future__ import annotations

import uuid
from datetime import datetime

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.callbacks.types import CallbackOutcome
from notify_api.complaints.queries import insert_complaint
from notify_api.runtime import Runtime
from notify_workers.actors.service_callbacks import deliver_complaint_callback, deliver_status_callback
from notify_workers.retry import RetryLater
from tests.factories import create_callback_api, create_notification, create_service, create_template
from tests.workers.callbacks.callback_receiver import CallbackReceiver, closed_port_url

TOKEN = "a-service-bearer-token-1234"


async def _sent_sms(connection: AsyncConnection) -> tuple[uuid.UUID, uuid.UUID]:
    service = await create_service(connection)
    template = await create_template(connection, service.id)
    notification_id = await create_notification(
        connection,
        template,
        to="07700 900855",
        status="delivered",
        client_reference="my-ref",
        created_at=datetime(2022, 1, 20, 10, 0, 0, 123456),
        sent_at=datetime(2022, 1, 20, 10, 0, 1),
        updated_at=datetime(2022, 1, 20, 10, 0, 5),
    )
    return service.id, notification_id


async def test_delivery_status_is_posted_signed_with_the_bearer_token(
    runtime: Runtime,
    connection: AsyncConnection,
    callback_receiver: CallbackReceiver,
    http: httpx.AsyncClient,
) -> None:
    service_id, notification_id = await _sent_sms(connection)
    await create_callback_api(
        connection, service_id, url=callback_receiver.url("/status"), bearer_token=TOKEN
    )

    result = await deliver_status_callback(runtime, http, str(notification_id))

    assert result.outcome is CallbackOutcome.DELIVERED
    [received] = callback_receiver.received
    assert received.path == "/status"
    assert received.headers["authorization"] == f"Bearer {TOKEN}"
    assert received.headers["content-type"] == "application/json"
    assert received.signed_with(TOKEN)
    assert not received.signed_with("another-token")
    payload = received.json()
    assert payload == {
        "id": str(notification_id),
        "reference": "my-ref",
        "to": "07700 900855",
        "status": "delivered",
        "created_at": "2022-01-20T10:00:00.123456Z",
        "completed_at": "2022-01-20T10:00:05.000000Z",
        "sent_at": "2022-01-20T10:00:01.000000Z",
        "notification_type": "sms",
        "template_id": payload["template_id"],
        "template_version": 1,
    }
    uuid.UUID(payload["template_id"])


@pytest.mark.parametrize("status_code", [500, 502, 503, 429])
async def test_server_errors_and_throttling_are_retried(
    runtime: Runtime,
    connection: AsyncConnection,
    callback_receiver: CallbackReceiver,
    http: httpx.AsyncClient,
    status_code: int,
) -> None:
    service_id, notification_id = await _sent_sms(connection)
    await create_callback_api(connection, service_id, url=callback_receiver.url(), bearer_token=TOKEN)
    callback_receiver.answer_with(status_code)

    with pytest.raises(RetryLater):
        await deliver_status_callback(runtime, http, str(notification_id))
    # the retry reaches the service again, and this time it answers 200
    result = await deliver_status_callback(runtime, http, str(notification_id))

    assert result.outcome is CallbackOutcome.DELIVERED
    assert len(callback_receiver.received) == 2


@pytest.mark.parametrize("status_code", [400, 401, 403, 404, 410])
async def test_client_errors_are_not_retried(
    runtime: Runtime,
    connection: AsyncConnection,
    callback_receiver: CallbackReceiver,
    http: httpx.AsyncClient,
    status_code: int,
) -> None:
    service_id, notification_id = await _sent_sms(connection)
    await create_callback_api(connection, service_id, url=callback_receiver.url(), bearer_token=TOKEN)
    callback_receiver.answer_with(status_code)

    result = await deliver_status_callback(runtime, http, str(notification_id))

    assert result.outcome is CallbackOutcome.REJECTED
    assert result.status_code == status_code
    assert len(callback_receiver.received) == 1


async def test_connection_errors_are_retried(
    runtime: Runtime, connection: AsyncConnection, http: httpx.AsyncClient
) -> None:
    service_id, notification_id = await _sent_sms(connection)
    await create_callback_api(connection, service_id, url=closed_port_url(), bearer_token=TOKEN)

    with pytest.raises(RetryLater):
        await deliver_status_callback(runtime, http, str(notification_id))


async def test_nothing_is_sent_without_a_delivery_status_callback(
    runtime: Runtime,
    connection: AsyncConnection,
    callback_receiver: CallbackReceiver,
    http: httpx.AsyncClient,
) -> None:
    service_id, notification_id = await _sent_sms(connection)
    # a complaint callback is not a delivery-status callback
    await create_callback_api(connection, service_id, url=callback_receiver.url(), callback_type="complaint")

    result = await deliver_status_callback(runtime, http, str(notification_id))

    assert result.outcome is CallbackOutcome.NOTHING_TO_SEND
    assert callback_receiver.received == []


async def test_complaint_is_posted_to_the_complaint_callback(
    runtime: Runtime,
    connection: AsyncConnection,
    callback_receiver: CallbackReceiver,
    http: httpx.AsyncClient,
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id, template_type="email")
    notification_id = await create_notification(
        connection, template, to="someone@example.com", status="delivered", client_reference="email-ref"
    )
    await create_callback_api(
        connection,
        service.id,
        url=callback_receiver.url("/complaints"),
        bearer_token=TOKEN,
        callback_type="complaint",
    )
    complaint_id = await insert_complaint(
        connection,
        notification_id=notification_id,
        service_id=service.id,
        ses_feedback_id="feedback-1",
        complaint_type="abuse",
        complaint_date=datetime(2022, 1, 21, 9, 30),
    )

    result = await deliver_complaint_callback(runtime, http, str(complaint_id))

    assert result.outcome is CallbackOutcome.DELIVERED
    [received] = callback_receiver.received
    assert received.signed_with(TOKEN)
    assert received.json() == {
        "notification_id": str(notification_id),
        "complaint_id": str(complaint_id),
        "reference": "email-ref",
        "to": "someone@example.com",
        "complaint_date": "2022-01-21T09:30:00.000000Z",
    }

"""send-inbound-sms: a received text reaches the service's inbound API, signed, with retries on 5xx only."""

from __future__ import annotations

import base64
import uuid
from datetime import datetime

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.callbacks.types import CallbackOutcome
from notify_api.runtime import Runtime
from notify_workers.actors.inbound import forward_inbound_sms
from notify_workers.retry import RetryLater
from tests.factories import (
    DEFAULT_SERVICE_PERMISSIONS,
    create_inbound_api,
    create_inbound_number,
    create_inbound_sms,
    create_service,
)
from tests.task_queue import RecordingTaskQueue
from tests.workers.callbacks.callback_receiver import CallbackReceiver, closed_port_url

TOKEN = "inbound-bearer-token-5678"


async def _received_text(connection: AsyncConnection, url: str) -> tuple[uuid.UUID, uuid.UUID]:
    service = await create_service(connection, permissions=[*DEFAULT_SERVICE_PERMISSIONS, "inbound_sms"])
    await create_inbound_api(connection, service.id, url=url, bearer_token=TOKEN)
    inbound_sms_id = await create_inbound_sms(
        connection,
        service.id,
        notify_number="07900900123",
        user_number="447700900111",
        content="Yes please",
        provider_date=datetime(2022, 1, 20, 9, 15),
    )
    return inbound_sms_id, service.id


async def test_text_is_posted_with_bearer_token_and_signature(
    runtime: Runtime,
    connection: AsyncConnection,
    callback_receiver: CallbackReceiver,
    http: httpx.AsyncClient,
) -> None:
    inbound_sms_id, service_id = await _received_text(connection, callback_receiver.url("/inbound"))

    result = await forward_inbound_sms(runtime, http, str(inbound_sms_id), str(service_id))

    assert result.outcome is CallbackOutcome.DELIVERED
    [received] = callback_receiver.received
    assert received.headers["authorization"] == f"Bearer {TOKEN}"
    assert received.signed_with(TOKEN)
    assert received.json() == {
        "id": str(inbound_sms_id),
        "source_number": "447700900111",
        "destination_number": "07900900123",
        "message": "Yes please",
        "date_received": "2022-01-20T09:15:00.000000Z",
    }


async def test_server_errors_and_connection_errors_are_retried(
    runtime: Runtime,
    connection: AsyncConnection,
    callback_receiver: CallbackReceiver,
    http: httpx.AsyncClient,
) -> None:
    inbound_sms_id, service_id = await _received_text(connection, callback_receiver.url())
    callback_receiver.answer_with(503)

    with pytest.raises(RetryLater):
        await forward_inbound_sms(runtime, http, str(inbound_sms_id), str(service_id))

    unreachable_id, unreachable_service = await _received_text(connection, closed_port_url())
    with pytest.raises(RetryLater):
        await forward_inbound_sms(runtime, http, str(unreachable_id), str(unreachable_service))


@pytest.mark.parametrize("status_code", [400, 404, 429])
async def test_client_errors_including_429_are_not_retried(
    runtime: Runtime,
    connection: AsyncConnection,
    callback_receiver: CallbackReceiver,
    http: httpx.AsyncClient,
    status_code: int,
) -> None:
    inbound_sms_id, service_id = await _received_text(connection, callback_receiver.url())
    callback_receiver.answer_with(status_code)

    result = await forward_inbound_sms(runtime, http, str(inbound_sms_id), str(service_id))

    assert result.outcome is CallbackOutcome.REJECTED
    assert len(callback_receiver.received) == 1


async def test_received_over_http_then_forwarded_to_the_service(
    client: httpx.AsyncClient,
    runtime: Runtime,
    connection: AsyncConnection,
    task_queue: RecordingTaskQueue,
    callback_receiver: CallbackReceiver,
    http: httpx.AsyncClient,
) -> None:
    service = await create_service(connection, permissions=[*DEFAULT_SERVICE_PERMISSIONS, "inbound_sms"])
    await create_inbound_number(connection, number="07900900999", service_id=service.id)
    await create_inbound_api(connection, service.id, url=callback_receiver.url(), bearer_token=TOKEN)
    auth = base64.b64encode(b"notify:password").decode()

    await client.post(
        "/notifications/sms/receive/firetext",
        data={
            "source": "07700900111",
            "destination": "447900900999",
            "message": "STOP",
            "time": "2022-01-20 09:15:00",
        },
        headers={"Authorization": f"Basic {auth}"},
    )
    [(actor, _, args)] = task_queue.messages
    assert actor == "send-inbound-sms"
    await forward_inbound_sms(runtime, http, *args)

    [received] = callback_receiver.received
    assert received.signed_with(TOKEN)
    assert received.json()["message"] == "STOP"
    assert received.json()["source_number"] == "447700900111"
    assert received.json()["destination_number"] == "07900900999"


async def test_nothing_is_sent_without_an_inbound_api(
    runtime: Runtime, connection: AsyncConnection, http: httpx.AsyncClient
) -> None:
    service = await create_service(connection)
    inbound_sms_id = await create_inbound_sms(connection, service.id)

    result = await forward_inbound_sms(runtime, http, str(inbound_sms_id), str(service.id))

    assert result.outcome is CallbackOutcome.NOTHING_TO_SEND

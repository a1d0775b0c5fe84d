"""The Idempotency-Key header: a retried send gets the first answer again, and nothing is sent twice."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from notify_api.db.tables.idempotency import idempotency_keys
from notify_api.db.tables.notifications import notifications
from notify_api.idempotency.operations import fingerprint
from notify_api.runtime import Runtime
from notify_api.settings import Settings
from notify_api.timeutils import utc_now
from notify_workers.actors.housekeeping import remove_expired_idempotency_keys
from tests.factories import create_api_key, create_service, create_template
from tests.helpers import service_headers
from tests.live_server import committed, live_server
from tests.public_v2.documents.conftest import create_file_service
from tests.public_v2.send.conftest import SendingService
from tests.task_queue import RecordingTaskQueue


def sms_body(sending: SendingService, **extra: Any) -> dict[str, Any]:
    return {
        "phone_number": "07700900123",
        "template_id": str(sending.sms.id),
        "personalisation": {"name": "Jo"},
        **extra,
    }


def headers(sending: SendingService, key: str | None) -> dict[str, str]:
    sent = service_headers(sending.service.id, sending.normal.secret)
    return sent if key is None else {**sent, "Idempotency-Key": key}


async def stored_notifications(connection: AsyncConnection, sending: SendingService) -> int:
    query = (
        select(func.count())
        .select_from(notifications)
        .where(notifications.c.service_id == sending.service.id)
    )
    return int((await connection.execute(query)).scalar_one())


async def test_a_retry_with_the_same_key_and_body_gets_the_first_answer_and_sends_nothing(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    sending: SendingService,
    task_queue: RecordingTaskQueue,
) -> None:
    first = await client.post(
        "/v2/notifications/sms", json=sms_body(sending), headers=headers(sending, "k-1")
    )
    again = await client.post(
        "/v2/notifications/sms", json=sms_body(sending), headers=headers(sending, "k-1")
    )

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert await stored_notifications(connection, sending) == 1
    assert len(task_queue.messages) == 1


async def test_without_a_key_every_request_is_a_new_send(
    client: httpx.AsyncClient, connection: AsyncConnection, sending: SendingService
) -> None:
    for _ in range(2):
        response = await client.post(
            "/v2/notifications/sms", json=sms_body(sending), headers=headers(sending, None)
        )
        assert response.status_code == 201
    assert await stored_notifications(connection, sending) == 2


async def test_the_same_key_with_another_body_is_a_422_naming_the_key(
    client: httpx.AsyncClient, sending: SendingService
) -> None:
    await client.post("/v2/notifications/sms", json=sms_body(sending), headers=headers(sending, "k-2"))
    other = await client.post(
        "/v2/notifications/sms", json=sms_body(sending, reference="other"), headers=headers(sending, "k-2")
    )
    assert other.status_code == 422
    assert other.json() == {
        "status_code": 422,
        "errors": [
            {
                "error": "IdempotencyError",
                "message": "Idempotency-Key 'k-2' was already used with a different request",
            }
        ],
    }


async def test_a_key_still_in_flight_is_a_409(
    client: httpx.AsyncClient, connection: AsyncConnection, sending: SendingService
) -> None:
    raw = json.dumps(sms_body(sending)).encode()
    # The first request with this key has taken it and not answered yet.
    await connection.execute(
        idempotency_keys.insert().values(
            service_id=sending.service.id,
            key="k-3",
            fingerprint=fingerprint("/v2/notifications/sms", raw),
            created_at=utc_now(),
        )
    )
    response = await client.post("/v2/notifications/sms", content=raw, headers=headers(sending, "k-3"))
    assert response.status_code == 409
    assert response.json()["errors"] == [
        {
            "error": "IdempotencyError",
            "message": "A request with Idempotency-Key 'k-3' is still being processed",
        }
    ]


async def test_keys_longer_than_255_characters_or_blank_are_a_400(
    client: httpx.AsyncClient, sending: SendingService
) -> None:
    for key in ("k" * 256, " "):
        response = await client.post(
            "/v2/notifications/sms", json=sms_body(sending), headers=headers(sending, key)
        )
        assert response.status_code == 400
        assert response.json()["errors"] == [
            {"error": "IdempotencyError", "message": "Idempotency-Key must be between 1 and 255 characters"}
        ]
    longest = await client.post(
        "/v2/notifications/sms", json=sms_body(sending), headers=headers(sending, "k" * 255)
    )
    assert longest.status_code == 201


async def test_a_failed_request_frees_its_key_for_a_corrected_retry(
    client: httpx.AsyncClient, connection: AsyncConnection, sending: SendingService
) -> None:
    bad = await client.post(
        "/v2/notifications/sms",
        json=sms_body(sending, phone_number="not a number"),
        headers=headers(sending, "k-4"),
    )
    assert bad.status_code == 400
    good = await client.post("/v2/notifications/sms", json=sms_body(sending), headers=headers(sending, "k-4"))
    assert good.status_code == 201 and "idempotent-replayed" not in good.headers


async def test_keys_expire_after_24_hours(
    client: httpx.AsyncClient, connection: AsyncConnection, sending: SendingService, runtime: Runtime
) -> None:
    await client.post("/v2/notifications/sms", json=sms_body(sending), headers=headers(sending, "k-5"))
    await connection.execute(
        update(idempotency_keys)
        .where(idempotency_keys.c.key == "k-5")
        .values(created_at=utc_now() - timedelta(hours=24, seconds=1))
    )
    # An expired key is taken afresh, even before the hourly sweep has removed it.
    again = await client.post(
        "/v2/notifications/sms", json=sms_body(sending), headers=headers(sending, "k-5")
    )
    assert again.status_code == 201 and "idempotent-replayed" not in again.headers
    assert await stored_notifications(connection, sending) == 2

    await connection.execute(
        update(idempotency_keys)
        .where(idempotency_keys.c.key == "k-5")
        .values(created_at=utc_now() - timedelta(hours=25))
    )
    assert await remove_expired_idempotency_keys(runtime) >= 1
    remaining = select(func.count()).select_from(idempotency_keys).where(idempotency_keys.c.key == "k-5")
    assert (await connection.execute(remaining)).scalar_one() == 0


async def test_sixteen_concurrent_identical_requests_send_one_text(
    engine: AsyncEngine, settings: Settings
) -> None:
    async with committed(engine) as connection:
        service = await create_file_service(connection)
    queue = RecordingTaskQueue()
    body = {
        "phone_number": "07700900123",
        "template_id": str(service.sms.id),
        "personalisation": {"file": "x"},
    }
    with live_server(settings, queue) as base_url:
        async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
            auth = {**service_headers(service.key.service_id, service.key.secret), "Idempotency-Key": "burst"}
            responses = await asyncio.gather(
                *(http.post("/v2/notifications/sms", json=body, headers=auth) for _ in range(16))
            )
            replay = await http.post("/v2/notifications/sms", json=body, headers=auth)
    # One request sends; the others wait for its INSERT on the key and replay its answer byte for byte.
    assert Counter(response.status_code for response in responses) == {201: 16}
    first = [response for response in responses if "idempotent-replayed" not in response.headers]
    assert len(first) == 1
    assert {response.content for response in responses} == {first[0].content}
    assert replay.status_code == 201 and replay.content == first[0].content
    async with committed(engine) as connection:
        count = (
            select(func.count())
            .select_from(notifications)
            .where(notifications.c.service_id == service.service_id)
        )
        assert (await connection.execute(count)).scalar_one() == 1
    assert len([message for message in queue.messages if message[0] == "deliver_sms"]) == 1


async def test_a_retry_refused_by_a_check_the_first_request_passed_still_gets_the_first_answer(
    client: httpx.AsyncClient, connection: AsyncConnection, task_queue: RecordingTaskQueue
) -> None:
    service = await create_service(connection, message_limit=1)
    template = await create_template(connection, service.id, content="Your code is ((code))")
    key = await create_api_key(connection, service.id)
    auth = {**service_headers(service.id, key.secret), "Idempotency-Key": "k-limit"}
    body = {"phone_number": "07700900123", "template_id": str(template.id), "personalisation": {"code": "1"}}

    first = await client.post("/v2/notifications/sms", json=body, headers=auth)
    # Today's limit of one is now used: a new send is refused, the retry gets its first answer.
    fresh = await client.post(
        "/v2/notifications/sms", json=body, headers={**auth, "Idempotency-Key": "k-new"}
    )
    again = await client.post("/v2/notifications/sms", json=body, headers=auth)

    assert first.status_code == 201 and fresh.status_code == 429
    assert again.status_code == 201 and again.headers["idempotent-replayed"] == "true"
    assert again.content == first.content
    assert len(task_queue.messages) == 1

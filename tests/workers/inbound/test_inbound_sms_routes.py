"""POST /notifications/sms/receive/{mmg,firetext}: auth, number lookup, encrypted storage, forwarding."""

from __future__ import annotations

import base64
import uuid
from datetime import datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.crypto import Encryption
from notify_api.db.tables import inbound_sms
from notify_api.settings import Settings
from tests.factories import DEFAULT_SERVICE_PERMISSIONS, create_inbound_number, create_service
from tests.task_queue import RecordingTaskQueue

MMG_PATH = "/notifications/sms/receive/mmg"
FIRETEXT_PATH = "/notifications/sms/receive/firetext"


def basic(username: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


MMG_AUTH = basic("username", "password")  # the test settings' MMG_INBOUND_SMS_USERNAME / _AUTH
FIRETEXT_AUTH = basic("notify", "password")


def mmg_body(number: str, message: str = "Hello+there%21+%C2%A3100") -> dict[str, str]:
    return {
        "MSISDN": "447700900111",
        "Number": number,
        "Message": message,
        "ID": "SOME-MMG-ID",
        "DateRecieved": "2022-06-21+11%3A56%3A11",  # London summer time
    }


async def _inbound_service(connection: AsyncConnection, number: str, *, inbound: bool = True) -> uuid.UUID:
    permissions = [*DEFAULT_SERVICE_PERMISSIONS, "inbound_sms"] if inbound else DEFAULT_SERVICE_PERMISSIONS
    service = await create_service(connection, permissions=permissions)
    await create_inbound_number(connection, number=number, service_id=service.id)
    return service.id


async def _stored(connection: AsyncConnection, service_id: uuid.UUID) -> list[Row[Any]]:
    return list(
        (await connection.execute(select(inbound_sms).where(inbound_sms.c.service_id == service_id))).all()
    )


@pytest.mark.parametrize("path", [MMG_PATH, FIRETEXT_PATH])
async def test_missing_credentials_are_401_and_wrong_ones_403(client: httpx.AsyncClient, path: str) -> None:
    missing = await client.post(path, json=mmg_body("07900900123"))
    not_basic = await client.post(path, json=mmg_body("07900900123"), headers={"Authorization": "Bearer abc"})
    wrong = await client.post(path, json=mmg_body("07900900123"), headers=basic("notify", "wrong"))

    assert missing.status_code == 401
    assert not_basic.status_code == 401
    assert wrong.status_code == 403


async def test_firetext_username_must_be_notify(client: httpx.AsyncClient) -> None:
    response = await client.post(FIRETEXT_PATH, data={"source": "1"}, headers=basic("username", "password"))
    assert response.status_code == 403


async def test_mmg_text_is_stored_encrypted_and_forwarded(
    client: httpx.AsyncClient, connection: AsyncConnection, task_queue: RecordingTaskQueue, settings: Settings
) -> None:
    service_id = await _inbound_service(connection, "07900900123")

    response = await client.post(MMG_PATH, json=mmg_body("447900900123"), headers=MMG_AUTH)

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    [row] = await _stored(connection, service_id)
    assert row.content != "Hello there! £100"
    assert Encryption(settings.secret_key).decrypt(row.content) == "Hello there! £100"
    assert row.notify_number == "07900900123"
    assert row.user_number == "447700900111"
    assert row.provider == "mmg"
    assert row.provider_reference == "SOME-MMG-ID"
    assert row.provider_date == datetime(2022, 6, 21, 10, 56, 11)
    assert task_queue.messages == [
        ("send-inbound-sms", "notify-internal-tasks", (str(row.id), str(service_id)))
    ]


async def test_firetext_text_is_stored_and_forwarded(
    client: httpx.AsyncClient, connection: AsyncConnection, task_queue: RecordingTaskQueue, settings: Settings
) -> None:
    service_id = await _inbound_service(connection, "07900900124")
    form = {
        "source": "07700900222",
        "destination": "447900900124",
        "message": "Yes please",
        "time": "2022-01-20 09:15:00",
    }

    response = await client.post(FIRETEXT_PATH, data=form, headers=FIRETEXT_AUTH)

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    [row] = await _stored(connection, service_id)
    assert Encryption(settings.secret_key).decrypt(row.content) == "Yes please"
    assert row.user_number == "447700900222"
    assert row.provider_reference is None
    assert row.provider_date == datetime(2022, 1, 20, 9, 15)
    assert [actor for actor, _, _ in task_queue.messages] == ["send-inbound-sms"]


async def test_unknown_number_is_still_acknowledged(
    client: httpx.AsyncClient, task_queue: RecordingTaskQueue
) -> None:
    mmg = await client.post(MMG_PATH, json=mmg_body("447900000001"), headers=MMG_AUTH)
    firetext = await client.post(
        FIRETEXT_PATH,
        data={"source": "07700900222", "destination": "447900000001", "message": "hi"},
        headers=FIRETEXT_AUTH,
    )

    assert (mmg.status_code, mmg.text) == (200, "RECEIVED")
    assert (firetext.status_code, firetext.json()) == (200, {"status": "ok"})
    assert task_queue.messages == []


async def test_service_without_inbound_permission_gets_nothing(
    client: httpx.AsyncClient, connection: AsyncConnection, task_queue: RecordingTaskQueue
) -> None:
    service_id = await _inbound_service(connection, "07900900125", inbound=False)

    response = await client.post(MMG_PATH, json=mmg_body("447900900125"), headers=MMG_AUTH)

    assert (response.status_code, response.text) == (200, "RECEIVED")
    assert await _stored(connection, service_id) == []
    assert task_queue.messages == []


async def test_inactive_number_is_not_matched(
    client: httpx.AsyncClient, connection: AsyncConnection, task_queue: RecordingTaskQueue
) -> None:
    service = await create_service(connection, permissions=[*DEFAULT_SERVICE_PERMISSIONS, "inbound_sms"])
    await create_inbound_number(connection, number="07900900126", service_id=service.id, active=False)

    response = await client.post(MMG_PATH, json=mmg_body("447900900126"), headers=MMG_AUTH)

    assert response.text == "RECEIVED"
    assert task_queue.messages == []

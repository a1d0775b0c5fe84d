"""GET /v2/received-text-messages (spec §3.10)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from tests.factories import create_inbound_sms, create_service
from tests.public_v2.read.openapi_check import assert_documented
from tests.public_v2.read.read_support import ReadingService

PATH = "/v2/received-text-messages"
BASE = "http://localhost:6011"


async def test_received_texts_newest_first_with_decrypted_content(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    older = await create_inbound_sms(
        connection,
        reader.service.id,
        content="first",
        created_at=datetime(2022, 1, 1, 9, 0),
        user_number="447700900111",
    )
    newer = await create_inbound_sms(
        connection, reader.service.id, content="second ✓", created_at=datetime(2022, 1, 1, 10, 0)
    )
    response = await client.get(PATH, headers=reader.headers())
    assert response.status_code == 200
    body = response.json()
    assert body["received_text_messages"] == [
        {
            "id": str(newer),
            "created_at": "2022-01-01T10:00:00.000000Z",
            "service_id": str(reader.service.id),
            "notify_number": "07900900123",
            "user_number": "447700900111",
            "content": "second ✓",
        },
        {
            "id": str(older),
            "created_at": "2022-01-01T09:00:00.000000Z",
            "service_id": str(reader.service.id),
            "notify_number": "07900900123",
            "user_number": "447700900111",
            "content": "first",
        },
    ]
    assert body["links"] == {"current": f"{BASE}{PATH}", "next": f"{BASE}{PATH}?older_than={older}"}
    assert_documented(response, PATH)


async def test_older_than_pages_and_current_never_carries_it(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    start = datetime(2022, 1, 1)
    ids = [
        await create_inbound_sms(connection, reader.service.id, created_at=start + timedelta(minutes=n))
        for n in range(3)
    ]
    response = await client.get(PATH, params={"older_than": str(ids[2])}, headers=reader.headers())
    body = response.json()
    assert [item["id"] for item in body["received_text_messages"]] == [str(ids[1]), str(ids[0])]
    assert body["links"] == {"current": f"{BASE}{PATH}", "next": f"{BASE}{PATH}?older_than={ids[0]}"}
    last = await client.get(PATH, params={"older_than": str(ids[0])}, headers=reader.headers())
    assert last.json() == {"received_text_messages": [], "links": {"current": f"{BASE}{PATH}"}}
    assert_documented(last, PATH)


async def test_pages_hold_250(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    start = datetime(2022, 1, 1)
    for n in range(251):
        await create_inbound_sms(connection, reader.service.id, created_at=start + timedelta(seconds=n))
    response = await client.get(PATH, headers=reader.headers())
    assert len(response.json()["received_text_messages"]) == 250
    following = await client.get(response.json()["links"]["next"], headers=reader.headers())
    assert len(following.json()["received_text_messages"]) == 1


async def test_only_this_services_texts(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    other = await create_service(connection)
    await create_inbound_sms(connection, other.id)
    response = await client.get(PATH, headers=reader.headers())
    assert response.json()["received_text_messages"] == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?older_than=abc", "older_than is not a valid UUID"),
        ("?user_number=447700900111", "Additional properties are not allowed (user_number was unexpected)"),
    ],
)
async def test_validation_errors(
    client: httpx.AsyncClient, reader: ReadingService, query: str, message: str
) -> None:
    response = await client.get(PATH + query, headers=reader.headers())
    assert response.status_code == 400
    assert response.json() == {
        "status_code": 400,
        "errors": [{"error": "ValidationError", "message": message}],
    }
    assert_documented(response, PATH)


async def test_unknown_older_than_gives_an_empty_page(
    client: httpx.AsyncClient, reader: ReadingService
) -> None:
    response = await client.get(PATH, params={"older_than": str(uuid.uuid4())}, headers=reader.headers())
    assert response.json()["received_text_messages"] == []

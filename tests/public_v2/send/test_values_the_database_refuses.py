"""Values PostgreSQL cannot hold (NUL characters, numbers or text past a column's range) are the client's
mistake: a 400 in the route's envelope, never a 500."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.settings import Settings
from tests.factories import create_service
from tests.helpers import admin_headers, service_headers
from tests.public_v2.send.conftest import SendingService

NUL_MESSAGE = "Text cannot contain the NUL character (\\u0000)"
TOO_LONG = "A value in the request is too long"
SERVICE = "<service id>"
UNIQUE_NAME_WITH_NUL = {"name": "a\u0000", "email_from": "a", "service_id": str(uuid.uuid4())}


async def test_nul_characters_on_the_public_api(client: httpx.AsyncClient, sending: SendingService) -> None:
    headers = service_headers(sending.service.id, sending.normal.secret)
    sms = {"phone_number": "07700900123", "template_id": str(sending.sms.id), "reference": "I\u0000"}
    sms["personalisation"] = {"name": "x"}
    for response in (
        await client.post("/v2/notifications/sms", json=sms, headers=headers),
        await client.get("/v2/notifications", params={"reference": "I\u0000"}, headers=headers),
    ):
        assert response.status_code == 400, response.text
        assert response.json() == {
            "status_code": 400,
            "errors": [{"error": "BadRequestError", "message": NUL_MESSAGE}],
        }


# One request a test: the tests share one transaction, which a refused statement aborts.
@pytest.mark.parametrize(
    ("method", "path", "arguments", "message"),
    [
        (
            "GET",
            "/service/unique",
            {"params": {"name": "a\u0000", "email_from": "a", "service_id": str(uuid.uuid4())}},
            NUL_MESSAGE,
        ),
        ("GET", "/user/email", {"params": {"email": "a\u0000@example.gov.uk"}}, NUL_MESSAGE),
        ("POST", "/service/" + SERVICE, {"json": {"name": "x" * 1_000_000}}, TOO_LONG),
    ],
)
async def test_nul_characters_and_overlong_values_on_the_admin_api(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    settings: Settings,
    method: str,
    path: str,
    arguments: dict[str, Any],
    message: str,
) -> None:
    service = await create_service(connection)
    path = path.replace(SERVICE, str(service.id))
    response = await client.request(method, path, headers=admin_headers(settings), **arguments)
    assert response.status_code == 400, response.text
    assert response.json() == {"result": "error", "message": message}


async def test_a_client_reference_is_at_most_1000_characters(
    client: httpx.AsyncClient, sending: SendingService
) -> None:
    headers = service_headers(sending.service.id, sending.normal.secret)
    sms = {
        "phone_number": "07700900123",
        "template_id": str(sending.sms.id),
        "personalisation": {"name": "x"},
    }
    too_long = await client.post(
        "/v2/notifications/sms", json={**sms, "reference": "r" * 1001}, headers=headers
    )
    assert too_long.status_code == 400
    assert too_long.json() == {
        "status_code": 400,
        "errors": [
            {"error": "ValidationError", "message": "reference cannot be longer than 1000 characters"}
        ],
    }
    longest = await client.post(
        "/v2/notifications/sms", json={**sms, "reference": "r" * 1000}, headers=headers
    )
    assert longest.status_code == 201, longest.text
    assert longest.json()["reference"] == "r" * 1000


@pytest.mark.parametrize("days", [2**31, 2**63, 1e308])
async def test_a_number_past_the_columns_range_is_a_400_even_before_postgresql_sees_it(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings, days: float
) -> None:
    service = await create_service(connection)
    created = await client.post(
        f"/service/{service.id}/data-retention",
        headers=admin_headers(settings),
        json={"notification_type": "sms", "days_of_retention": 7},
    )
    assert created.status_code == 201, created.text
    response = await client.post(
        f"/service/{service.id}/data-retention/{created.json()['result']['id']}",
        headers=admin_headers(settings),
        json={"days_of_retention": days},
    )
    assert response.status_code == 400
    assert response.json() == {"result": "error", "message": "A number in the request is too large"}

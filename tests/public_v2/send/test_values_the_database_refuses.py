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

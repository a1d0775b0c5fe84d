from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.settings import Settings
from tests.factories import create_api_key, create_service
from tests.helpers import admin_headers, service_headers


async def test_a_service_api_key_does_not_open_admin_routes(
    client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    service = await create_service(connection)
    key = await create_api_key(connection, service.id)
    response = await client.get(f"/service/{service.id}", headers=service_headers(service.id, key.secret))
    assert response.status_code == 401
    assert response.json() == {
        "result": "error",
        "message": {"token": ["Unauthorized: not allowed to perform this action"]},
    }


async def test_an_admin_token_does_not_open_the_public_api(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    response = await client.get("/v2/notifications", headers=admin_headers(settings))
    assert response.status_code == 403
    assert response.json()["errors"] == [
        {"error": "AuthError", "message": "Invalid token: service id is not the right data type"}
    ]

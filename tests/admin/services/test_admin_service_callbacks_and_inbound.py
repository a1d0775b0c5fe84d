"""/service/{id}/inbound-api, /delivery-receipt-api and /inbound-number."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db import tables as t
from tests.factories import create_inbound_number, create_service

KINDS = [
    ("inbound-api", t.service_inbound_api, t.service_inbound_api_history),
    ("delivery-receipt-api", t.service_callback_api, t.service_callback_api_history),
]


@pytest.mark.parametrize(("path", "table", "history"), KINDS)
async def test_callback_configuration_lifecycle(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    headers: dict[str, str],
    runtime: Any,
    path: str,
    table: Any,
    history: Any,
) -> None:
    service = await create_service(connection)
    base = f"/service/{service.id}/{path}"
    body = {
        "url": "https://example.com/hook",
        "bearer_token": "a-long-secret-token",
        "updated_by_id": str(service.created_by_id),
    }
    created = await client.post(base, json=body, headers=headers)
    assert created.status_code == 201
    data = created.json()["data"]
    assert data["url"] == "https://example.com/hook"
    assert "bearer_token" not in data
    config_id = uuid.UUID(data["id"])

    stored = (
        await connection.execute(select(table.c.bearer_token).where(table.c.id == config_id))
    ).scalar_one()
    assert stored != "a-long-secret-token"
    assert runtime.encryption.decrypt(stored) == "a-long-secret-token"

    second = await client.post(base, json=body, headers=headers)
    assert second.status_code == 400
    assert second.json() == {
        "result": "error",
        "message": {"name": ["You can only have one URL and bearer token for your service."]},
    }

    updated = await client.post(
        f"{base}/{config_id}",
        json={"url": "https://example.com/other", "updated_by_id": str(service.created_by_id)},
        headers=headers,
    )
    assert updated.status_code == 200
    assert updated.json()["data"]["url"] == "https://example.com/other"
    versions = (
        await connection.execute(
            select(history.c.version).where(history.c.id == config_id).order_by(history.c.version)
        )
    ).scalars()
    assert list(versions) == [1, 2]

    fetched = await client.get(f"{base}/{config_id}", headers=headers)
    assert fetched.status_code == 200
    assert "a-long-secret-token" not in fetched.text

    assert (await client.delete(f"{base}/{config_id}", headers=headers)).status_code == 204
    assert (await client.get(f"{base}/{config_id}", headers=headers)).status_code == 404


async def test_callback_validation_messages(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection)
    response = await client.post(
        f"/service/{service.id}/delivery-receipt-api",
        json={
            "url": "http://insecure.example.com",
            "bearer_token": "short",
            "updated_by_id": str(service.created_by_id),
        },
        headers=headers,
    )
    assert response.status_code == 400
    messages = [error["message"] for error in response.json()["errors"]]
    assert "url is not a valid https url" in messages
    assert "bearer_token short is too short" in messages
    missing = await client.delete(f"/service/{service.id}/inbound-api/{uuid.uuid4()}", headers=headers)
    assert missing.status_code == 404
    assert missing.json()["message"] == "Service inbound API not found"


async def test_inbound_numbers(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection)
    empty = await client.get(f"/inbound-number/service/{service.id}", headers=headers)
    assert empty.json() == {"data": {}}

    free_id = await create_inbound_number(connection, number="07700900001")
    used_id = await create_inbound_number(connection, number="07700900002", service_id=service.id)

    found = (await client.get(f"/inbound-number/service/{service.id}", headers=headers)).json()["data"]
    assert found["id"] == str(used_id)
    assert found["service"] == {"id": str(service.id), "name": service.name}
    assert found["active"] is True

    available = (await client.get("/inbound-number/available", headers=headers)).json()["data"]
    assert str(free_id) in [item["id"] for item in available]
    assert str(used_id) not in [item["id"] for item in available]
    everything = (await client.get("/inbound-number", headers=headers)).json()["data"]
    assert {str(free_id), str(used_id)} <= {item["id"] for item in everything}

    off = await client.post(f"/inbound-number/service/{service.id}/off", headers=headers)
    assert off.status_code == 204
    after = (await client.get(f"/inbound-number/service/{service.id}", headers=headers)).json()["data"]
    assert after["active"] is False

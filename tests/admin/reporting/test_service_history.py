"""/service/{id}/history: every version of the service, its API keys and its templates."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy.ext.asyncio import AsyncConnection

from tests.factories import create_api_key, create_service, create_template


async def test_the_versions_of_a_service_its_keys_and_templates(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id, name="Hello")
    key = await create_api_key(connection, service.id, name="Key one")
    updated = await client.post(
        f"/service/{service.id}", json={"message_limit": 77, "created_by": str(service.created_by_id)},
        headers=headers,
    )  # fmt: skip
    assert updated.status_code == 200

    data = (await client.get(f"/service/{service.id}/history", headers=headers)).json()["data"]

    assert set(data) == {"service_history", "api_key_history", "template_history", "events"}
    assert [(row["version"], row["message_limit"]) for row in data["service_history"]][-1] == (
        len(data["service_history"]), 77,
    )  # fmt: skip
    assert [(row["id"], row["name"]) for row in data["api_key_history"]] == [(str(key.id), "Key one")]
    [version] = data["template_history"]
    assert (version["id"], version["name"], version["version"], version["service"]) == (
        str(template.id), "Hello", 1, str(service.id),
    )  # fmt: skip
    assert version["created_by"]["id"] == str(service.created_by_id)
    assert data["events"] == []

    missing = await client.get(f"/service/{uuid.uuid4()}/history", headers=headers)
    assert missing.status_code == 404

"""/service/{id}/api-key(s) and /service/{id}/users."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db import tables as t
from tests.factories import add_user_to_service, create_api_key, create_service, create_user


async def _versions(connection: AsyncConnection, key_id: uuid.UUID) -> list[int]:
    query = select(t.api_keys_history.c.version).where(t.api_keys_history.c.id == key_id)
    return sorted((await connection.execute(query)).scalars())


async def test_create_api_key_returns_the_secret_once_and_stores_it_encrypted(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str], runtime: Any
) -> None:
    service = await create_service(connection)
    _, keys_before = await runtime.auth_cache.get(service.id)  # warm the cache: the create must invalidate it
    assert keys_before == ()

    response = await client.post(
        f"/service/{service.id}/api-key",
        json={"name": "my key", "key_type": "normal", "created_by": str(service.created_by_id)},
        headers=headers,
    )
    assert response.status_code == 201
    secret = response.json()["data"]
    assert uuid.UUID(secret).version == 4

    row = (await connection.execute(select(t.api_keys).where(t.api_keys.c.service_id == service.id))).one()
    assert row.secret != secret
    assert runtime.encryption.decrypt(row.secret) == secret
    assert await _versions(connection, row.id) == [1]
    _, keys = await runtime.auth_cache.get(service.id)
    assert [(key.id, key.secret) for key in keys] == [(row.id, secret)]

    listing = await client.get(f"/service/{service.id}/api-keys", headers=headers)
    assert listing.status_code == 200
    (listed,) = listing.json()["apiKeys"]
    assert listed["id"] == str(row.id)
    assert listed["name"] == "my key"
    assert listed["key_type"] == "normal"
    assert listed["expiry_date"] is None
    assert "secret" not in listed and secret not in listing.text


async def test_create_api_key_validation(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection)
    missing = await client.post(f"/service/{service.id}/api-key", json={"name": "x"}, headers=headers)
    assert missing.status_code == 400
    assert missing.json()["message"] == {
        "key_type": ["Missing data for required field."],
        "created_by": ["Missing data for required field."],
    }
    await create_api_key(connection, service.id, name="taken")
    duplicate = await client.post(
        f"/service/{service.id}/api-key",
        json={"name": "taken", "key_type": "team", "created_by": str(service.created_by_id)},
        headers=headers,
    )
    assert duplicate.status_code == 400
    unknown_service = await client.post(
        f"/service/{uuid.uuid4()}/api-key",
        json={"name": "x", "key_type": "team", "created_by": str(service.created_by_id)},
        headers=headers,
    )
    assert unknown_service.status_code == 404


async def test_revoke_api_key_expires_it_with_a_new_version(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str], runtime: Any
) -> None:
    service = await create_service(connection)
    key = await create_api_key(connection, service.id)
    _, keys = await runtime.auth_cache.get(service.id)
    assert [loaded.revoked for loaded in keys] == [False]

    response = await client.post(f"/service/{service.id}/api-key/revoke/{key.id}", headers=headers)
    assert response.status_code == 202
    assert await _versions(connection, key.id) == [1, 2]
    _, keys = await runtime.auth_cache.get(service.id)
    assert [loaded.revoked for loaded in keys] == [True]

    # Revoked keys stay listed (for a week) but cannot be fetched on their own.
    listing = await client.get(f"/service/{service.id}/api-keys", headers=headers)
    assert listing.json()["apiKeys"][0]["expiry_date"] is not None
    one = await client.get(f"/service/{service.id}/api-keys/{key.id}", headers=headers)
    assert one.status_code == 404
    assert one.json()["message"] == f"API key not found for id: {service.id}"

    unknown = await client.post(f"/service/{service.id}/api-key/revoke/{uuid.uuid4()}", headers=headers)
    assert unknown.status_code == 404


async def test_list_team_members(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection)
    response = await client.get(f"/service/{service.id}/users", headers=headers)
    assert response.status_code == 200
    (member,) = response.json()["data"]
    assert member["id"] == str(service.created_by_id)
    assert member["services"] == [str(service.id)]
    assert "manage_settings" in member["permissions"][str(service.id)]
    assert "_password" not in member and "password" not in member


async def test_add_user_to_service_with_permissions_and_folders(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection)
    user = await create_user(connection)
    folder_id = uuid.uuid4()
    await connection.execute(t.template_folder.insert().values(id=folder_id, service_id=service.id, name="f"))
    response = await client.post(
        f"/service/{service.id}/users/{user.id}",
        json={"permissions": [{"permission": "send_emails"}], "folder_permissions": [str(folder_id)]},
        headers=headers,
    )
    assert response.status_code == 201
    assert response.json()["data"]["id"] == str(service.id)
    granted = (
        await connection.execute(
            select(t.permissions.c.permission).where(
                t.permissions.c.user_id == user.id, t.permissions.c.service_id == service.id
            )
        )
    ).scalars()
    assert list(granted) == ["send_emails"]
    folders = (
        await connection.execute(
            select(t.user_folder_permissions.c.template_folder_id).where(
                t.user_folder_permissions.c.user_id == user.id
            )
        )
    ).scalars()
    assert list(folders) == [folder_id]

    again = await client.post(
        f"/service/{service.id}/users/{user.id}", json={"permissions": []}, headers=headers
    )
    assert again.status_code == 400
    assert again.json()["message"] == f"User id: {user.id} already part of service id: {service.id}"


async def test_remove_user_from_service(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection)
    only = await client.delete(f"/service/{service.id}/users/{service.created_by_id}", headers=headers)
    assert only.status_code == 400
    assert only.json() == {"result": "error", "message": "You cannot remove the only user for a service"}

    outsider = await create_user(connection)
    not_member = await client.delete(f"/service/{service.id}/users/{outsider.id}", headers=headers)
    assert not_member.status_code == 404
    assert not_member.json() == {"result": "error", "message": "User not found"}

    member = await create_user(connection)
    await add_user_to_service(connection, member.id, service.id)
    removed = await client.delete(f"/service/{service.id}/users/{member.id}", headers=headers)
    assert removed.status_code == 204
    left = (
        await connection.execute(
            select(t.permissions.c.id).where(
                t.permissions.c.user_id == member.id, t.permissions.c.service_id == service.id
            )
        )
    ).all()
    assert left == []
    listing = await client.get(f"/service/{service.id}/users", headers=headers)
    assert [item["id"] for item in listing.json()["data"]] == [str(service.created_by_id)]

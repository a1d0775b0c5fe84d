"""/user/{id}/webauthn: security keys, and completing a sign-in with one."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.settings import Settings
from tests.admin.users.user_helpers import set_user, user_row
from tests.factories import create_user
from tests.helpers import admin_headers

KEY = {"name": "My key", "credential_data": "Y3JlZGVudGlhbA==", "registration_response": "cmVnaXN0cmF0aW9u"}


async def _add_key(client: httpx.AsyncClient, settings: Settings, user_id: uuid.UUID, name: str) -> str:
    response = await client.post(
        f"/user/{user_id}/webauthn", json={**KEY, "name": name}, headers=admin_headers(settings)
    )
    assert response.status_code == 201
    credential_id: str = response.json()["data"]["id"]
    return credential_id


async def test_add_list_rename_and_delete_keys(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection)
    first = await _add_key(client, settings, user.id, "First")
    second = await _add_key(client, settings, user.id, "Second")

    renamed = await client.post(
        f"/user/{user.id}/webauthn/{first}", json={"name": "Renamed"}, headers=admin_headers(settings)
    )
    deleted = await client.delete(f"/user/{user.id}/webauthn/{second}", headers=admin_headers(settings))
    listed = await client.get(f"/user/{user.id}/webauthn", headers=admin_headers(settings))

    assert renamed.status_code == 200
    assert renamed.json()["data"]["name"] == "Renamed"
    assert renamed.json()["data"]["updated_at"] is not None
    assert deleted.status_code == 204
    [only] = listed.json()["data"]
    assert set(only) == {"id", "user_id", "name", "credential_data", "created_at", "updated_at"}
    assert (only["id"], only["user_id"], only["name"]) == (first, str(user.id), "Renamed")
    assert only["credential_data"] == KEY["credential_data"]


async def test_the_last_key_cannot_be_deleted(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection)
    only = await _add_key(client, settings, user.id, "Only")

    response = await client.delete(f"/user/{user.id}/webauthn/{only}", headers=admin_headers(settings))

    assert response.status_code == 400
    assert response.json() == {
        "result": "error",
        "message": "Cannot delete last remaining webauthn credential for user",
    }


async def test_another_users_key_is_not_found(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    owner, other = await create_user(connection), await create_user(connection)
    key = await _add_key(client, settings, owner.id, "Owner's")

    response = await client.post(
        f"/user/{other.id}/webauthn/{key}", json={"name": "Mine now"}, headers=admin_headers(settings)
    )

    assert response.status_code == 404


async def test_a_key_needs_its_data(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection)

    response = await client.post(
        f"/user/{user.id}/webauthn", json={"name": "No data"}, headers=admin_headers(settings)
    )

    assert response.status_code == 400
    messages = [error["message"] for error in response.json()["errors"]]
    assert messages == [
        "credential_data is a required property",
        "registration_response is a required property",
    ]


async def test_successful_webauthn_login_signs_in(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection)
    await set_user(connection, user.id, failed_login_count=2)

    response = await client.post(
        f"/user/{user.id}/complete/webauthn-login", json={"successful": True}, headers=admin_headers(settings)
    )

    assert response.status_code == 204
    row = await user_row(connection, user.id)
    assert (row.failed_login_count, row.current_session_id is not None) == (0, True)


async def test_failed_webauthn_logins_are_counted_up_to_a_limit(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection)
    await set_user(connection, user.id, failed_login_count=4)

    failed = await client.post(
        f"/user/{user.id}/complete/webauthn-login",
        json={"successful": False},
        headers=admin_headers(settings),
    )
    refused = await client.post(
        f"/user/{user.id}/complete/webauthn-login", json={"successful": True}, headers=admin_headers(settings)
    )

    assert failed.status_code == 204
    assert refused.status_code == 403
    assert refused.json() == {"result": "error", "message": "Maximum login count exceeded"}
    row = await user_row(connection, user.id)
    assert (row.failed_login_count, row.current_session_id) == (5, None)

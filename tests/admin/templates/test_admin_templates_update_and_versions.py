from __future__ import annotations

import uuid

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db import tables as t
from notify_api.settings import Settings
from tests.factories import (
    add_user_to_service,
    create_letter_contact,
    create_service,
    create_template,
    create_user,
)
from tests.helpers import admin_headers


async def _history_versions(connection: AsyncConnection, template_id: uuid.UUID) -> list[int]:
    query = select(t.templates_history.c.version).where(t.templates_history.c.id == template_id)
    return sorted((await connection.execute(query)).scalars().all())


async def test_update_with_a_change_makes_a_new_version(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    service = await create_service(connection)
    editor = await create_user(connection, name="Editor")
    await add_user_to_service(connection, editor.id, service.id)
    template = await create_template(connection, service.id, content="old words")
    response = await client.post(
        f"/service/{service.id}/template/{template.id}",
        json={"content": "new words", "created_by": str(editor.id)},
        headers=admin_headers(settings),
    )
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["version"] == 2
    assert data["content"] == "new words"
    assert data["created_by"] == str(editor.id)
    assert await _history_versions(connection, template.id) == [1, 2]

    version_one = await client.get(
        f"/service/{service.id}/template/{template.id}/version/1", headers=admin_headers(settings)
    )
    assert version_one.json()["data"]["content"] == "old words"
    assert version_one.json()["data"]["created_by"]["id"] == str(service.created_by_id)
    versions = await client.get(
        f"/service/{service.id}/template/{template.id}/versions", headers=admin_headers(settings)
    )
    assert [v["version"] for v in versions.json()["data"]] == [2, 1]
    assert versions.json()["data"][0]["created_by"]["name"] == "Editor"


async def test_update_without_a_real_change_saves_nothing(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id, name="same", content="same words")
    response = await client.post(
        f"/service/{service.id}/template/{template.id}",
        json={"name": "same", "content": "same words", "created_by": str(service.created_by_id)},
        headers=admin_headers(settings),
    )
    assert response.status_code == 200
    assert response.json()["data"]["version"] == 1
    assert await _history_versions(connection, template.id) == [1]


async def test_update_to_too_long_sms_is_refused(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id)
    response = await client.post(
        f"/service/{service.id}/template/{template.id}",
        json={"content": "x" * 919, "created_by": str(service.created_by_id)},
        headers=admin_headers(settings),
    )
    assert response.status_code == 400
    assert response.json()["message"] == {
        "content": ["Content has a character count greater than the limit of 918"]
    }
    assert await _history_versions(connection, template.id) == [1]


async def test_update_needs_the_type_permission(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    service = await create_service(connection, permissions=["sms"])
    template = await create_template(connection, service.id, template_type="email")
    response = await client.post(
        f"/service/{service.id}/template/{template.id}",
        json={"content": "new"},
        headers=admin_headers(settings),
    )
    assert response.status_code == 403
    assert response.json()["message"] == {"template_type": ["Updating email templates is not allowed"]}


async def test_redact_only_redacts(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id, content="unchanged")
    url = f"/service/{service.id}/template/{template.id}"
    without_user = await client.post(
        url, json={"redact_personalisation": True}, headers=admin_headers(settings)
    )
    assert without_user.status_code == 400
    assert without_user.json()["message"] == {"created_by": ["Field is required"]}
    response = await client.post(
        url,
        json={"redact_personalisation": True, "content": "ignored", "created_by": str(service.created_by_id)},
        headers=admin_headers(settings),
    )
    assert response.status_code == 200
    data = (await client.get(url, headers=admin_headers(settings))).json()["data"]
    assert data["redact_personalisation"] is True
    assert data["content"] == "unchanged"
    assert data["version"] == 1


async def test_reply_to_sets_only_the_letter_contact(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    service = await create_service(connection)
    contact_id = await create_letter_contact(connection, service.id, contact_block="The Office")
    template = await create_template(connection, service.id, template_type="letter", content="letter words")
    response = await client.post(
        f"/service/{service.id}/template/{template.id}",
        json={"reply_to": str(contact_id), "content": "ignored"},
        headers=admin_headers(settings),
    )
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["reply_to"] == str(contact_id)
    assert data["reply_to_text"] == "The Office"
    assert data["content"] == "letter words"


async def test_archiving_takes_the_template_out_of_its_folder(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    service = await create_service(connection)
    folder = await client.post(
        f"/service/{service.id}/template-folder",
        json={"name": "f", "parent_id": None},
        headers=admin_headers(settings),
    )
    folder_id = uuid.UUID(folder.json()["data"]["id"])
    template = await create_template(connection, service.id, folder_id=folder_id)
    response = await client.post(
        f"/service/{service.id}/template/{template.id}",
        json={"archived": True, "created_by": str(service.created_by_id)},
        headers=admin_headers(settings),
    )
    assert response.status_code == 200
    assert response.json()["data"]["archived"] is True
    assert response.json()["data"]["folder"] is None
    assert response.json()["data"]["version"] == 2


async def test_a_version_past_the_columns_range_is_not_found(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id)
    for version in (2**31, 10**30):
        response = await client.get(
            f"/service/{service.id}/template/{template.id}/version/{version}", headers=admin_headers(settings)
        )
        assert response.status_code == 404
        assert response.json() == {"result": "error", "message": "No result found"}

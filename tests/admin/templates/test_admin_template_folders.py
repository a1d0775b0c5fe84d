from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.settings import Settings
from tests.factories import CreatedService, add_user_to_service, create_service, create_template, create_user
from tests.helpers import admin_headers


async def _folder(
    client: httpx.AsyncClient,
    settings: Settings,
    service: CreatedService,
    name: str,
    parent_id: str | None = None,
) -> dict[str, object]:
    response = await client.post(
        f"/service/{service.id}/template-folder",
        json={"name": name, "parent_id": parent_id},
        headers=admin_headers(settings),
    )
    assert response.status_code == 201
    data: dict[str, object] = response.json()["data"]
    return data


async def test_new_folders_are_visible_to_active_members_or_the_parents_users(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    service = await create_service(connection)
    pending = await create_user(connection, state="pending")
    await add_user_to_service(connection, pending.id, service.id)
    top = await _folder(client, settings, service, "  Top  ")
    assert top["name"] == "Top"
    assert top["users_with_permission"] == [str(service.created_by_id)]

    other = await create_user(connection)
    await add_user_to_service(connection, other.id, service.id)
    updated = await client.post(
        f"/service/{service.id}/template-folder/{top['id']}",
        json={"name": "Renamed", "users_with_permission": [str(other.id)]},
        headers=admin_headers(settings),
    )
    assert updated.status_code == 200
    assert updated.json()["data"]["name"] == "Renamed"
    assert updated.json()["data"]["users_with_permission"] == [str(other.id)]

    child = await _folder(client, settings, service, "Child", str(top["id"]))
    assert child["users_with_permission"] == [str(other.id)]
    assert child["parent_id"] == top["id"]

    listed = await client.get(f"/service/{service.id}/template-folder", headers=admin_headers(settings))
    assert {f["name"] for f in listed.json()["template_folders"]} == {"Renamed", "Child"}


async def test_unknown_parent_is_refused(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    service = await create_service(connection)
    other_service = await create_service(connection)
    foreign = await _folder(client, settings, other_service, "theirs")
    response = await client.post(
        f"/service/{service.id}/template-folder",
        json={"name": "mine", "parent_id": foreign["id"]},
        headers=admin_headers(settings),
    )
    assert response.status_code == 400
    assert response.json()["message"] == "parent_id not found"


async def test_only_empty_folders_can_be_deleted(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    service = await create_service(connection)
    parent = await _folder(client, settings, service, "parent")
    child = await _folder(client, settings, service, "child", str(parent["id"]))
    url = f"/service/{service.id}/template-folder"
    refused = await client.delete(f"{url}/{parent['id']}", headers=admin_headers(settings))
    assert refused.status_code == 400
    assert refused.json() == {"result": "error", "message": "Folder is not empty"}
    assert (await client.delete(f"{url}/{child['id']}", headers=admin_headers(settings))).status_code == 204
    assert (await client.delete(f"{url}/{parent['id']}", headers=admin_headers(settings))).status_code == 204
    listed = await client.get(url, headers=admin_headers(settings))
    assert listed.json()["template_folders"] == []


async def test_move_templates_and_folders(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    service = await create_service(connection)
    target = await _folder(client, settings, service, "target")
    moving = await _folder(client, settings, service, "moving")
    template = await create_template(connection, service.id)
    archived = await create_template(connection, service.id, archived=True)
    response = await client.post(
        f"/service/{service.id}/template-folder/{target['id']}/contents",
        json={"templates": [str(template.id), str(archived.id)], "folders": [moving["id"]]},
        headers=admin_headers(settings),
    )
    assert response.status_code == 204
    moved = await client.get(f"/service/{service.id}/template/{template.id}", headers=admin_headers(settings))
    assert moved.json()["data"]["folder"] == target["id"]
    skipped = await client.get(
        f"/service/{service.id}/template/{archived.id}", headers=admin_headers(settings)
    )
    assert skipped.json()["data"]["folder"] is None
    folders = await client.get(f"/service/{service.id}/template-folder", headers=admin_headers(settings))
    parents = {f["name"]: f["parent_id"] for f in folders.json()["template_folders"]}
    assert parents == {"target": None, "moving": target["id"]}

    back = await client.post(
        f"/service/{service.id}/template-folder/contents",
        json={"templates": [str(template.id)], "folders": [moving["id"]]},
        headers=admin_headers(settings),
    )
    assert back.status_code == 204
    moved_back = await client.get(
        f"/service/{service.id}/template/{template.id}", headers=admin_headers(settings)
    )
    assert moved_back.json()["data"]["folder"] is None


async def test_a_folder_cannot_move_into_itself_or_below_itself(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    service = await create_service(connection)
    top = await _folder(client, settings, service, "top")
    middle = await _folder(client, settings, service, "middle", str(top["id"]))
    bottom = await _folder(client, settings, service, "bottom", str(middle["id"]))
    url = f"/service/{service.id}/template-folder"
    into_itself = await client.post(
        f"{url}/{top['id']}/contents",
        json={"templates": [], "folders": [top["id"]]},
        headers=admin_headers(settings),
    )
    assert into_itself.status_code == 400
    assert into_itself.json()["message"] == "You should not move a folder to itself"
    into_subtree = await client.post(
        f"{url}/{bottom['id']}/contents",
        json={"templates": [], "folders": [top["id"]]},
        headers=admin_headers(settings),
    )
    assert into_subtree.status_code == 400
    assert into_subtree.json()["message"] == "You cannot move a folder to one of its subfolders"


async def test_moving_another_services_template_is_refused(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    service = await create_service(connection)
    other = await create_service(connection)
    template = await create_template(connection, other.id)
    response = await client.post(
        f"/service/{service.id}/template-folder/contents",
        json={"templates": [str(template.id)], "folders": []},
        headers=admin_headers(settings),
    )
    assert response.status_code == 400
    assert response.json()["message"] == (
        f"Could not move to folder: No template found with id {template.id} for service {service.id}"
    )

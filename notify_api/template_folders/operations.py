"""Rules for template folders: who can see a new folder, what can be deleted, what can move where."""

from __future__ import annotations

import uuid
from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.errors import InvalidRequest, NotFoundError
from notify_api.template_folders import queries
from notify_api.template_folders.types import TemplateFolder
from notify_api.templates.queries.admin import get_template_detail, set_template_folder
from notify_api.validation import validate
from notify_api.validation.schemas import UUID

_NAME: Final = {"type": "string", "minLength": 1}
CREATE_FOLDER: Final = {
    "type": "object",
    "properties": {"name": _NAME, "parent_id": {"type": ["string", "null"], "format": "uuid"}},
    "required": ["name", "parent_id"],
}
UPDATE_FOLDER: Final = {
    "type": "object",
    "properties": {"name": _NAME, "users_with_permission": {"type": "array", "items": UUID}},
    "required": ["name"],
}
MOVE_CONTENTS: Final = {
    "type": "object",
    "properties": {
        "templates": {"type": "array", "items": UUID},
        "folders": {"type": "array", "items": UUID},
    },
    "required": ["templates", "folders"],
}


async def _folder(connection: AsyncConnection, service_id: uuid.UUID, folder_id: uuid.UUID) -> TemplateFolder:
    folder = await queries.get_folder(connection, service_id, folder_id)
    if folder is None:
        raise NotFoundError()
    return folder


async def create_folder(
    connection: AsyncConnection, service_id: uuid.UUID, body: dict[str, Any]
) -> TemplateFolder:
    """A new folder is visible to whoever can see its parent, or at the top level to every active member."""
    validate(body, CREATE_FOLDER)
    parent_id = uuid.UUID(body["parent_id"]) if body.get("parent_id") else None
    if parent_id is not None:
        parent = await queries.get_folder(connection, service_id, parent_id)
        if parent is None:
            raise InvalidRequest("parent_id not found", 400)
        user_ids = list(parent.users_with_permission)
    else:
        user_ids = await queries.active_member_ids(connection, service_id)
    folder_id = await queries.insert_folder(connection, service_id, body["name"].strip(), parent_id, user_ids)
    return await _folder(connection, service_id, folder_id)


async def update_folder(
    connection: AsyncConnection, service_id: uuid.UUID, folder_id: uuid.UUID, body: dict[str, Any]
) -> TemplateFolder:
    validate(body, UPDATE_FOLDER)
    await _folder(connection, service_id, folder_id)
    await queries.rename_folder(connection, folder_id, body["name"].strip())
    if body.get("users_with_permission") is not None:
        user_ids = [uuid.UUID(user_id) for user_id in body["users_with_permission"]]
        if not set(user_ids) <= await queries.member_ids(connection, service_id):
            raise NotFoundError()
        await queries.set_folder_users(connection, service_id, folder_id, user_ids)
    return await _folder(connection, service_id, folder_id)


async def delete_folder(connection: AsyncConnection, service_id: uuid.UUID, folder_id: uuid.UUID) -> None:
    await _folder(connection, service_id, folder_id)
    if not await queries.folder_is_empty(connection, folder_id):
        raise InvalidRequest("Folder is not empty", 400)
    await queries.delete_folder(connection, folder_id)


def _is_within(
    folder_id: uuid.UUID, ancestor_id: uuid.UUID, parents: dict[uuid.UUID, uuid.UUID | None]
) -> bool:
    """True if ``folder_id`` is ``ancestor_id`` or below it."""
    current: uuid.UUID | None = folder_id
    seen: set[uuid.UUID] = set()
    while current is not None and current not in seen:
        if current == ancestor_id:
            return True
        seen.add(current)
        current = parents.get(current)
    return False


async def move_contents(
    connection: AsyncConnection, service_id: uuid.UUID, target_id: uuid.UUID | None, body: dict[str, Any]
) -> None:
    """Move folders and templates into ``target_id`` (None: the top level). Archived templates stay put."""
    validate(body, MOVE_CONTENTS)
    if target_id is not None:
        await _folder(connection, service_id, target_id)
    parents = await queries.parents_of_service_folders(connection, service_id)
    for raw_id in body["folders"]:
        folder_id = uuid.UUID(raw_id)
        if folder_id not in parents:
            raise InvalidRequest(f"No folder found with id {raw_id} for service {service_id}", 400)
        if target_id == folder_id:
            raise InvalidRequest("You should not move a folder to itself", 400)
        if target_id is not None and _is_within(target_id, folder_id, parents):
            raise InvalidRequest("You cannot move a folder to one of its subfolders", 400)
        await queries.set_folder_parent(connection, folder_id, target_id)
        parents[folder_id] = target_id
    for raw_id in body["templates"]:
        template = await get_template_detail(connection, service_id, uuid.UUID(raw_id))
        if template is None:
            raise InvalidRequest(
                f"Could not move to folder: No template found with id {raw_id} for service {service_id}", 400
            )
        if not template.archived:
            await set_template_folder(connection, template.id, target_id)

"""Template folder SQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Row, Select, delete, func, insert, literal, select, update
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.memberships import user_folder_permissions, user_to_service
from notify_api.db.tables.templates import template_folder, template_folder_map
from notify_api.db.tables.users import users
from notify_api.template_folders.types import TemplateFolder

_users = (
    select(
        func.coalesce(
            func.array_agg(user_folder_permissions.c.user_id),
            func.cast(literal([], ARRAY(UUID)), ARRAY(UUID)),
        )
    )
    .where(user_folder_permissions.c.template_folder_id == template_folder.c.id)
    .scalar_subquery()
)

_FOLDERS: Select[Any] = select(
    template_folder.c.id,
    template_folder.c.service_id,
    template_folder.c.name,
    template_folder.c.parent_id,
    _users.label("users_with_permission"),
)


def _folder(row: Row[Any]) -> TemplateFolder:
    user_ids = tuple(uuid.UUID(str(user_id)) for user_id in row.users_with_permission or ())
    return TemplateFolder(row.id, row.service_id, row.name, row.parent_id, user_ids)


async def list_folders(connection: AsyncConnection, service_id: uuid.UUID) -> list[TemplateFolder]:
    query = _FOLDERS.where(template_folder.c.service_id == service_id).order_by(template_folder.c.name)
    return [_folder(row) for row in await connection.execute(query)]


async def get_folder(
    connection: AsyncConnection, service_id: uuid.UUID, folder_id: uuid.UUID
) -> TemplateFolder | None:
    query = _FOLDERS.where(template_folder.c.id == folder_id, template_folder.c.service_id == service_id)
    row = (await connection.execute(query)).one_or_none()
    return _folder(row) if row else None


async def parents_of_service_folders(
    connection: AsyncConnection, service_id: uuid.UUID
) -> dict[uuid.UUID, uuid.UUID | None]:
    """folder id -> parent id, for every folder of the service (services have few folders)."""
    query = select(template_folder.c.id, template_folder.c.parent_id).where(
        template_folder.c.service_id == service_id
    )
    return {row.id: row.parent_id for row in await connection.execute(query)}


async def active_member_ids(connection: AsyncConnection, service_id: uuid.UUID) -> list[uuid.UUID]:
    query = (
        select(users.c.id)
        .join(user_to_service, user_to_service.c.user_id == users.c.id)
        .where(user_to_service.c.service_id == service_id, users.c.state == "active")
    )
    return list((await connection.execute(query)).scalars())


async def member_ids(connection: AsyncConnection, service_id: uuid.UUID) -> set[uuid.UUID]:
    query = select(user_to_service.c.user_id).where(user_to_service.c.service_id == service_id)
    return set((await connection.execute(query)).scalars())


async def insert_folder(
    connection: AsyncConnection,
    service_id: uuid.UUID,
    name: str,
    parent_id: uuid.UUID | None,
    user_ids: Iterable[uuid.UUID],
) -> uuid.UUID:
    folder_id = uuid.uuid4()
    await connection.execute(
        insert(template_folder).values(id=folder_id, service_id=service_id, name=name, parent_id=parent_id)
    )
    await set_folder_users(connection, service_id, folder_id, user_ids)
    return folder_id


async def set_folder_users(
    connection: AsyncConnection, service_id: uuid.UUID, folder_id: uuid.UUID, user_ids: Iterable[uuid.UUID]
) -> None:
    await connection.execute(
        delete(user_folder_permissions).where(user_folder_permissions.c.template_folder_id == folder_id)
    )
    rows = [
        {"user_id": user_id, "template_folder_id": folder_id, "service_id": service_id}
        for user_id in dict.fromkeys(user_ids)
    ]
    if rows:
        await connection.execute(insert(user_folder_permissions), rows)


async def rename_folder(connection: AsyncConnection, folder_id: uuid.UUID, name: str) -> None:
    await connection.execute(
        update(template_folder).where(template_folder.c.id == folder_id).values(name=name)
    )


async def set_folder_parent(
    connection: AsyncConnection, folder_id: uuid.UUID, parent_id: uuid.UUID | None
) -> None:
    await connection.execute(
        update(template_folder).where(template_folder.c.id == folder_id).values(parent_id=parent_id)
    )


async def folder_is_empty(connection: AsyncConnection, folder_id: uuid.UUID) -> bool:
    """No subfolders and no templates (archived ones included)."""
    subfolder = select(template_folder.c.id).where(template_folder.c.parent_id == folder_id).exists()
    template = (
        select(template_folder_map.c.template_id)
        .where(template_folder_map.c.template_folder_id == folder_id)
        .exists()
    )
    has_contents = (await connection.execute(select(subfolder | template))).scalar_one()
    return not has_contents


async def delete_folder(connection: AsyncConnection, folder_id: uuid.UUID) -> None:
    await connection.execute(
        delete(user_folder_permissions).where(user_folder_permissions.c.template_folder_id == folder_id)
    )
    await connection.execute(delete(template_folder).where(template_folder.c.id == folder_id))

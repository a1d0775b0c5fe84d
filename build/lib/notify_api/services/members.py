"""Team members of a service: list, add with permissions, remove."""

from __future__ import annotations

import uuid
from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.enums import PERMISSION_TYPES
from notify_api.errors import InvalidRequest, NotFoundError
from notify_api.services.queries import members as queries
from notify_api.services.queries.reads import service_exists
from notify_api.services.types import TeamMember
from notify_api.validation import validate

# Everything but platform admin and the broadcast permissions.
DEFAULT_USER_PERMISSIONS: Final = tuple(
    permission
    for permission in PERMISSION_TYPES
    if permission != "platform_admin" and not permission.endswith("_broadcasts")
)

_UUID: Final = {"type": "string", "format": "uuid", "validationMessage": "is not a valid UUID"}
SET_PERMISSIONS_SCHEMA: Final[dict[str, Any]] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "properties": {
        "permissions": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"permission": {"type": "string", "enum": list(PERMISSION_TYPES)}},
                "required": ["permission"],
            },
        },
        "folder_permissions": {"type": "array", "items": _UUID},
    },
    "required": ["permissions"],
}


async def require_user(connection: AsyncConnection, user_id: uuid.UUID) -> str:
    """The user's name; 404 'No result found' when there is no such user."""
    name = await queries.user_name(connection, user_id)
    if name is None:
        raise NotFoundError()
    return name


async def _require_service(connection: AsyncConnection, service_id: uuid.UUID) -> None:
    if not await service_exists(connection, service_id):
        raise NotFoundError()


async def list_team(connection: AsyncConnection, service_id: uuid.UUID) -> list[TeamMember]:
    await _require_service(connection, service_id)
    return await queries.load_members(connection, await queries.member_ids(connection, service_id))


async def add_to_service(
    connection: AsyncConnection, service_id: uuid.UUID, user_id: uuid.UUID, body: dict[str, Any]
) -> None:
    await _require_service(connection, service_id)
    await require_user(connection, user_id)
    if user_id in await queries.member_ids(connection, service_id):
        raise InvalidRequest(f"User id: {user_id} already part of service id: {service_id}", 400)
    validate(body, SET_PERMISSIONS_SCHEMA)
    await queries.add_member(
        connection,
        service_id,
        user_id,
        [item["permission"] for item in body["permissions"]],
        [uuid.UUID(item) for item in body.get("folder_permissions") or ()],
    )


async def remove_from_service(connection: AsyncConnection, service_id: uuid.UUID, user_id: uuid.UUID) -> None:
    await _require_service(connection, service_id)
    await require_user(connection, user_id)
    members = await queries.member_ids(connection, service_id)
    if user_id not in members:
        raise InvalidRequest("User not found", 404)
    if len(members) == 1:
        raise InvalidRequest("You cannot remove the only user for a service", 400)
    await queries.remove_member(connection, service_id, user_id)

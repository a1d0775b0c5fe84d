"""A service's callback settings (URL and bearer token): one per service and kind, token encrypted."""

from __future__ import annotations

import uuid
from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.callbacks import queries
from notify_api.callbacks.types import CallbackConfig, CallbackKind
from notify_api.crypto import Encryption
from notify_api.errors import InvalidRequest, NotFoundError
from notify_api.services.members import require_user
from notify_api.services.queries.reads import service_exists
from notify_api.validation import validate

ONLY_ONE: Final = "You can only have one URL and bearer token for your service."

_HTTPS_URL: Final = {
    "type": "string",
    "format": "uri",
    "pattern": "^https.*",
    "validationMessage": "is not a valid https url",
}
_TOKEN: Final = {"type": "string", "minLength": 10}
_UUID: Final = {"type": "string", "format": "uuid", "validationMessage": "is not a valid UUID"}
CREATE_SCHEMA: Final[dict[str, Any]] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "properties": {"url": _HTTPS_URL, "bearer_token": _TOKEN, "updated_by_id": _UUID},
    "required": ["url", "bearer_token", "updated_by_id"],
}
UPDATE_SCHEMA: Final[dict[str, Any]] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "properties": {"url": _HTTPS_URL, "bearer_token": _TOKEN, "updated_by_id": _UUID},
    "required": ["updated_by_id"],
}


async def create_config(
    connection: AsyncConnection,
    encryption: Encryption,
    kind: CallbackKind,
    service_id: uuid.UUID,
    body: dict[str, Any],
) -> CallbackConfig:
    validate(body, CREATE_SCHEMA)
    if not await service_exists(connection, service_id):
        raise NotFoundError()
    await require_user(connection, uuid.UUID(body["updated_by_id"]))
    if await queries.service_has_config(connection, kind, service_id):
        raise InvalidRequest({"name": [ONLY_ONE]}, 400)
    config_id = await queries.insert_config(
        connection,
        kind,
        service_id=service_id,
        url=body["url"],
        encrypted_token=encryption.encrypt(body["bearer_token"]),
        updated_by_id=uuid.UUID(body["updated_by_id"]),
    )
    return await require_config(connection, kind, service_id, config_id)


async def require_config(
    connection: AsyncConnection, kind: CallbackKind, service_id: uuid.UUID, config_id: uuid.UUID
) -> CallbackConfig:
    config = await queries.get_config(connection, kind, service_id, config_id)
    if config is None:
        raise NotFoundError()
    return config


async def update_config(
    connection: AsyncConnection,
    encryption: Encryption,
    kind: CallbackKind,
    service_id: uuid.UUID,
    config_id: uuid.UUID,
    body: dict[str, Any],
) -> CallbackConfig:
    validate(body, UPDATE_SCHEMA)
    await require_config(connection, kind, service_id, config_id)
    await require_user(connection, uuid.UUID(body["updated_by_id"]))
    values: dict[str, Any] = {"updated_by_id": uuid.UUID(body["updated_by_id"])}
    if body.get("url"):
        values["url"] = body["url"]
    if body.get("bearer_token"):
        values["bearer_token"] = encryption.encrypt(body["bearer_token"])
    await queries.update_config(connection, kind, config_id, values)
    return await require_config(connection, kind, service_id, config_id)


async def delete_config(
    connection: AsyncConnection, kind: CallbackKind, service_id: uuid.UUID, config_id: uuid.UUID
) -> None:
    if await queries.get_config(connection, kind, service_id, config_id) is None:
        raise InvalidRequest(kind.not_found_message, 404)
    await queries.delete_config(connection, kind, config_id)

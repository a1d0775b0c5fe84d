"""API key rules for the admin API: create (the secret is shown once), revoke, list."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.api_keys import queries
from notify_api.api_keys.types import ApiKeyListing
from notify_api.crypto import Encryption
from notify_api.enums import KEY_TYPES
from notify_api.errors import InvalidRequest, NotFoundError
from notify_api.services.fields import require_fields, uuid_field
from notify_api.services.members import require_user
from notify_api.services.queries.reads import service_exists
from notify_api.timeutils import utc_now


async def create_api_key(
    connection: AsyncConnection, encryption: Encryption, service_id: uuid.UUID, body: dict[str, Any]
) -> str:
    """Create a key and return its secret: the only time the plaintext leaves the API."""
    if not await service_exists(connection, service_id):
        raise NotFoundError()
    require_fields(body, ("name", "key_type", "created_by"))
    name = body["name"]
    if not isinstance(name, str) or not name.strip():
        raise InvalidRequest({"name": ["Not a valid string."]}, 400)
    if body["key_type"] not in KEY_TYPES:
        raise InvalidRequest({"key_type": ["Not a valid choice."]}, 400)
    created_by = uuid_field(body, "created_by")
    await require_user(connection, created_by)
    if await queries.unexpired_key_name_taken(connection, service_id, name):
        raise InvalidRequest({"name": [f"Duplicate key name '{name}'"]}, 400)
    secret = str(uuid.uuid4())
    await queries.insert_api_key(
        connection,
        service_id=service_id,
        name=name,
        key_type=body["key_type"],
        created_by_id=created_by,
        encrypted_secret=encryption.encrypt(secret),
    )
    return secret


async def revoke_api_key(connection: AsyncConnection, service_id: uuid.UUID, api_key_id: uuid.UUID) -> None:
    if not await queries.revoke_api_key(connection, service_id, api_key_id, utc_now()):
        raise NotFoundError()


async def list_api_keys(
    connection: AsyncConnection, service_id: uuid.UUID, api_key_id: uuid.UUID | None = None
) -> list[ApiKeyListing]:
    if not await service_exists(connection, service_id):
        raise NotFoundError()
    keys = await queries.list_api_keys(connection, service_id, utc_now(), api_key_id=api_key_id)
    if api_key_id is not None and not keys:
        raise InvalidRequest(f"API key not found for id: {service_id}", 404)
    return keys

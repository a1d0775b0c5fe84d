"""How many days a service keeps each type of notification (default 7 when no row exists)."""

from __future__ import annotations

import uuid
from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.enums import NOTIFICATION_TYPES
from notify_api.errors import InvalidRequest, NotFoundError
from notify_api.services.queries import retention
from notify_api.services.queries.reads import service_exists
from notify_api.services.types import DataRetention
from notify_api.validation import validate

CREATE_SCHEMA: Final[dict[str, Any]] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "properties": {
        "days_of_retention": {"type": "integer"},
        "notification_type": {"enum": list(NOTIFICATION_TYPES)},
    },
    "required": ["days_of_retention", "notification_type"],
}
UPDATE_SCHEMA: Final[dict[str, Any]] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "properties": {"days_of_retention": {"type": "integer"}},
    "required": ["days_of_retention"],
}


async def list_retention(connection: AsyncConnection, service_id: uuid.UUID) -> list[DataRetention]:
    return await retention.retentions_of_service(connection, service_id)


async def retention_by_id(
    connection: AsyncConnection, service_id: uuid.UUID, retention_id: uuid.UUID
) -> DataRetention | None:
    return await retention.retention_with_id(connection, service_id, retention_id)


async def retention_by_type(
    connection: AsyncConnection, service_id: uuid.UUID, notification_type: str
) -> DataRetention | None:
    if notification_type not in NOTIFICATION_TYPES:
        return None
    return await retention.retention_for_type(connection, service_id, notification_type)


async def create_retention(
    connection: AsyncConnection, service_id: uuid.UUID, body: dict[str, Any]
) -> DataRetention:
    validate(body, CREATE_SCHEMA)
    if not await service_exists(connection, service_id):
        raise NotFoundError()
    notification_type = body["notification_type"]
    if await retention_by_type(connection, service_id, notification_type) is not None:
        raise InvalidRequest(
            f"Service already has data retention for {notification_type} notification type", 400
        )
    retention_id = await retention.insert_retention(
        connection, service_id, notification_type, body["days_of_retention"]
    )
    created = await retention_by_id(connection, service_id, retention_id)
    assert created is not None
    return created


async def update_retention(
    connection: AsyncConnection, service_id: uuid.UUID, retention_id: uuid.UUID, body: dict[str, Any]
) -> None:
    validate(body, UPDATE_SCHEMA)
    if not await retention.set_days_of_retention(
        connection, service_id, retention_id, body["days_of_retention"]
    ):
        raise InvalidRequest(
            f"The service data retention for id: {retention_id} was not found for service: {service_id}", 404
        )

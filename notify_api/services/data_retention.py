"""How many days a service keeps each type of notification (default 7 when no row exists)."""

from __future__ import annotations

import uuid
from typing import Any, Final

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.services import service_data_retention, services
from notify_api.enums import NOTIFICATION_TYPES
from notify_api.errors import InvalidRequest, NotFoundError
from notify_api.services.queries.reads import service_exists
from notify_api.services.types import DataRetention
from notify_api.timeutils import utc_now
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

_SELECT = select(
    service_data_retention.c.id,
    service_data_retention.c.service_id,
    services.c.name.label("service_name"),
    service_data_retention.c.notification_type,
    service_data_retention.c.days_of_retention,
    service_data_retention.c.created_at,
    service_data_retention.c.updated_at,
).join(services, services.c.id == service_data_retention.c.service_id)


def _retention(row: Any) -> DataRetention:
    return DataRetention(**row._mapping)


async def list_retention(connection: AsyncConnection, service_id: uuid.UUID) -> list[DataRetention]:
    query = _SELECT.where(service_data_retention.c.service_id == service_id).order_by(
        service_data_retention.c.notification_type
    )
    return [_retention(row) for row in (await connection.execute(query)).all()]


async def retention_by_id(
    connection: AsyncConnection, service_id: uuid.UUID, retention_id: uuid.UUID
) -> DataRetention | None:
    query = _SELECT.where(
        service_data_retention.c.service_id == service_id, service_data_retention.c.id == retention_id
    )
    row = (await connection.execute(query)).one_or_none()
    return _retention(row) if row else None


async def retention_by_type(
    connection: AsyncConnection, service_id: uuid.UUID, notification_type: str
) -> DataRetention | None:
    if notification_type not in NOTIFICATION_TYPES:
        return None
    query = _SELECT.where(
        service_data_retention.c.service_id == service_id,
        service_data_retention.c.notification_type == notification_type,
    )
    row = (await connection.execute(query)).one_or_none()
    return _retention(row) if row else None


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
    retention_id = uuid.uuid4()
    await connection.execute(
        insert(service_data_retention).values(
            id=retention_id,
            service_id=service_id,
            notification_type=notification_type,
            days_of_retention=body["days_of_retention"],
            created_at=utc_now(),
        )
    )
    created = await retention_by_id(connection, service_id, retention_id)
    assert created is not None
    return created


async def update_retention(
    connection: AsyncConnection, service_id: uuid.UUID, retention_id: uuid.UUID, body: dict[str, Any]
) -> None:
    validate(body, UPDATE_SCHEMA)
    statement = (
        update(service_data_retention)
        .where(service_data_retention.c.id == retention_id, service_data_retention.c.service_id == service_id)
        .values(days_of_retention=body["days_of_retention"], updated_at=utc_now())
        .returning(service_data_retention.c.id)
    )
    if (await connection.execute(statement)).first() is None:
        raise InvalidRequest(
            f"The service data retention for id: {retention_id} was not found for service: {service_id}", 404
        )

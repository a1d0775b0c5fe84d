"""SQL for a service's data retention rows (days kept per notification type)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.services import service_data_retention, services
from notify_api.services.types import DataRetention
from notify_api.timeutils import utc_now

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


async def retentions_of_service(connection: AsyncConnection, service_id: uuid.UUID) -> list[DataRetention]:
    query = _SELECT.where(service_data_retention.c.service_id == service_id).order_by(
        service_data_retention.c.notification_type
    )
    return [_retention(row) for row in (await connection.execute(query)).all()]


async def retention_with_id(
    connection: AsyncConnection, service_id: uuid.UUID, retention_id: uuid.UUID
) -> DataRetention | None:
    query = _SELECT.where(
        service_data_retention.c.service_id == service_id, service_data_retention.c.id == retention_id
    )
    row = (await connection.execute(query)).one_or_none()
    return _retention(row) if row else None


async def retention_for_type(
    connection: AsyncConnection, service_id: uuid.UUID, notification_type: str
) -> DataRetention | None:
    """Only call with a valid notification type: the column is an enum and rejects anything else."""
    query = _SELECT.where(
        service_data_retention.c.service_id == service_id,
        service_data_retention.c.notification_type == notification_type,
    )
    row = (await connection.execute(query)).one_or_none()
    return _retention(row) if row else None


async def insert_retention(
    connection: AsyncConnection, service_id: uuid.UUID, notification_type: str, days_of_retention: int
) -> uuid.UUID:
    retention_id = uuid.uuid4()
    await connection.execute(
        insert(service_data_retention).values(
            id=retention_id,
            service_id=service_id,
            notification_type=notification_type,
            days_of_retention=days_of_retention,
            created_at=utc_now(),
        )
    )
    return retention_id


async def set_days_of_retention(
    connection: AsyncConnection, service_id: uuid.UUID, retention_id: uuid.UUID, days_of_retention: int
) -> bool:
    """False when the service has no retention row with that id."""
    statement = (
        update(service_data_retention)
        .where(service_data_retention.c.id == retention_id, service_data_retention.c.service_id == service_id)
        .values(days_of_retention=days_of_retention, updated_at=utc_now())
        .returning(service_data_retention.c.id)
    )
    return (await connection.execute(statement)).first() is not None

"""Inbound number reads and the allocation of a number to a service."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.inbound import inbound_numbers
from notify_api.db.tables.services import services
from notify_api.inbound_numbers.types import InboundNumber
from notify_api.timeutils import utc_now

_SELECT = select(
    inbound_numbers.c.id,
    inbound_numbers.c.number,
    inbound_numbers.c.provider,
    inbound_numbers.c.active,
    inbound_numbers.c.service_id,
    services.c.name.label("service_name"),
    inbound_numbers.c.created_at,
    inbound_numbers.c.updated_at,
).outerjoin(services, services.c.id == inbound_numbers.c.service_id)


def _number(row: Any) -> InboundNumber:
    return InboundNumber(**row._mapping)


async def all_numbers(connection: AsyncConnection) -> list[InboundNumber]:
    query = _SELECT.order_by(inbound_numbers.c.updated_at.nulls_first(), inbound_numbers.c.number)
    return [_number(row) for row in (await connection.execute(query)).all()]


async def available_numbers(connection: AsyncConnection) -> list[InboundNumber]:
    """Active numbers no service has yet."""
    query = _SELECT.where(inbound_numbers.c.active.is_(True), inbound_numbers.c.service_id.is_(None))
    return [
        _number(row) for row in (await connection.execute(query.order_by(inbound_numbers.c.number))).all()
    ]


async def number_for_service(connection: AsyncConnection, service_id: uuid.UUID) -> InboundNumber | None:
    row = (await connection.execute(_SELECT.where(inbound_numbers.c.service_id == service_id))).one_or_none()
    return _number(row) if row else None


async def set_active_for_service(connection: AsyncConnection, service_id: uuid.UUID, *, active: bool) -> bool:
    statement = (
        update(inbound_numbers)
        .where(inbound_numbers.c.service_id == service_id)
        .values(active=active, updated_at=utc_now())
        .returning(inbound_numbers.c.id)
    )
    return (await connection.execute(statement)).first() is not None


async def allocate_to_service(
    connection: AsyncConnection, service_id: uuid.UUID, inbound_number_id: uuid.UUID
) -> str | None:
    """Give an available number to the service; its number, or None when it is not available."""
    statement = (
        update(inbound_numbers)
        .where(
            inbound_numbers.c.id == inbound_number_id,
            inbound_numbers.c.active.is_(True),
            inbound_numbers.c.service_id.is_(None),
        )
        .values(service_id=service_id, updated_at=utc_now())
        .returning(inbound_numbers.c.number)
    )
    number = (await connection.execute(statement)).scalar_one_or_none()
    return None if number is None else str(number)

"""Sender reads and writes, for any of the three kinds."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Row, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.templates import templates
from notify_api.senders.types import SMS_SENDER, Sender, SenderKind
from notify_api.timeutils import utc_now


def _select(kind: SenderKind) -> Any:
    table = kind.table
    columns = [
        table.c.id,
        table.c.service_id,
        kind.value_column.label("value"),
        table.c.is_default,
        table.c.archived,
        table.c.created_at,
        table.c.updated_at,
    ]
    if kind is SMS_SENDER:
        columns.append(table.c.inbound_number_id)
    return select(*columns)


def _sender(kind: SenderKind, row: Row[Any]) -> Sender:
    return Sender(kind=kind, **row._mapping)


async def list_senders(connection: AsyncConnection, kind: SenderKind, service_id: uuid.UUID) -> list[Sender]:
    """Live senders, the default first, then newest first."""
    table = kind.table
    query = (
        _select(kind)
        .where(table.c.service_id == service_id, table.c.archived.is_(False))
        .order_by(table.c.is_default.desc(), table.c.created_at.desc())
    )
    return [_sender(kind, row) for row in (await connection.execute(query)).all()]


async def get_sender(
    connection: AsyncConnection,
    kind: SenderKind,
    service_id: uuid.UUID,
    sender_id: uuid.UUID,
    *,
    include_archived: bool = False,
) -> Sender | None:
    """A sender of the service; a live one unless ``include_archived``."""
    table = kind.table
    query = _select(kind).where(table.c.id == sender_id, table.c.service_id == service_id)
    if not include_archived:
        query = query.where(table.c.archived.is_(False))
    row = (await connection.execute(query)).one_or_none()
    return _sender(kind, row) if row else None


async def get_default(connection: AsyncConnection, kind: SenderKind, service_id: uuid.UUID) -> Sender | None:
    table = kind.table
    query = _select(kind).where(
        table.c.service_id == service_id, table.c.is_default.is_(True), table.c.archived.is_(False)
    )
    row = (await connection.execute(query.limit(1))).one_or_none()
    return _sender(kind, row) if row else None


async def clear_default(connection: AsyncConnection, kind: SenderKind, service_id: uuid.UUID) -> None:
    table = kind.table
    await connection.execute(
        update(table)
        .where(table.c.service_id == service_id, table.c.is_default.is_(True))
        .values(is_default=False, updated_at=utc_now())
    )


async def insert_sender(
    connection: AsyncConnection,
    kind: SenderKind,
    service_id: uuid.UUID,
    value: str,
    *,
    is_default: bool,
    inbound_number_id: uuid.UUID | None = None,
) -> uuid.UUID:
    sender_id = uuid.uuid4()
    values: dict[str, Any] = {
        "id": sender_id,
        "service_id": service_id,
        kind.value_key: value,
        "is_default": is_default,
        "archived": False,
        "created_at": utc_now(),
    }
    if kind is SMS_SENDER:
        values["inbound_number_id"] = inbound_number_id
    await connection.execute(insert(kind.table).values(**values))
    return sender_id


async def update_sender(
    connection: AsyncConnection, kind: SenderKind, sender_id: uuid.UUID, values: dict[str, Any]
) -> None:
    await connection.execute(
        update(kind.table).where(kind.table.c.id == sender_id).values(**values, updated_at=utc_now())
    )


async def detach_letter_contact_from_templates(connection: AsyncConnection, contact_id: uuid.UUID) -> None:
    await connection.execute(
        update(templates)
        .where(templates.c.service_letter_contact_id == contact_id)
        .values(service_letter_contact_id=None)
    )

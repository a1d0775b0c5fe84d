"""Callback settings (reads and versioned writes), and reading what a callback reports."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Table, delete, select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.callbacks.types import (
    CallbackConfig,
    CallbackKind,
    CallbackTarget,
    ComplaintForCallback,
    InboundSmsForCallback,
    NotificationForCallback,
)
from notify_api.crypto import Encryption
from notify_api.db.tables import (
    complaints,
    inbound_sms,
    notification_history,
    notifications,
    service_callback_api,
    service_inbound_api,
)
from notify_api.services.queries.history import insert_first_version, save_new_version


def _where_kind(kind: CallbackKind, query: Any) -> Any:
    if kind.callback_type is not None:
        query = query.where(kind.table.c.callback_type == kind.callback_type)
    return query


async def get_config(
    connection: AsyncConnection, kind: CallbackKind, service_id: uuid.UUID, config_id: uuid.UUID
) -> CallbackConfig | None:
    table = kind.table
    query = select(
        table.c.id,
        table.c.service_id,
        table.c.url,
        table.c.updated_by_id,
        table.c.created_at,
        table.c.updated_at,
    ).where(table.c.id == config_id, table.c.service_id == service_id)
    row = (await connection.execute(_where_kind(kind, query))).one_or_none()
    return CallbackConfig(**row._mapping) if row else None


async def service_has_config(connection: AsyncConnection, kind: CallbackKind, service_id: uuid.UUID) -> bool:
    query = select(kind.table.c.id).where(kind.table.c.service_id == service_id)
    return (await connection.execute(_where_kind(kind, query))).first() is not None


async def insert_config(
    connection: AsyncConnection,
    kind: CallbackKind,
    *,
    service_id: uuid.UUID,
    url: str,
    encrypted_token: str,
    updated_by_id: uuid.UUID,
) -> uuid.UUID:
    values: dict[str, Any] = {
        "service_id": service_id,
        "url": url,
        "bearer_token": encrypted_token,
        "updated_by_id": updated_by_id,
    }
    if kind.callback_type is not None:
        values["callback_type"] = kind.callback_type
    return await insert_first_version(connection, kind.table, kind.history, values)


async def update_config(
    connection: AsyncConnection, kind: CallbackKind, config_id: uuid.UUID, values: dict[str, Any]
) -> None:
    await save_new_version(connection, kind.table, kind.history, config_id, values)


async def delete_config(connection: AsyncConnection, kind: CallbackKind, config_id: uuid.UUID) -> None:
    await connection.execute(delete(kind.table).where(kind.table.c.id == config_id))


# Sending: the service's callback target and the row being reported.


async def has_service_callback(
    connection: AsyncConnection, service_id: uuid.UUID, callback_type: str
) -> bool:
    query = select(service_callback_api.c.id).where(
        service_callback_api.c.service_id == service_id,
        service_callback_api.c.callback_type == callback_type,
    )
    return (await connection.execute(query.limit(1))).first() is not None


async def get_service_callback(
    connection: AsyncConnection, encryption: Encryption, service_id: uuid.UUID, callback_type: str
) -> CallbackTarget | None:
    query = select(service_callback_api.c.url, service_callback_api.c.bearer_token).where(
        service_callback_api.c.service_id == service_id,
        service_callback_api.c.callback_type == callback_type,
    )
    row = (await connection.execute(query.limit(1))).first()
    return CallbackTarget(row.url, encryption.decrypt(row.bearer_token)) if row else None


async def get_inbound_api(
    connection: AsyncConnection, encryption: Encryption, service_id: uuid.UUID
) -> CallbackTarget | None:
    query = select(service_inbound_api.c.url, service_inbound_api.c.bearer_token).where(
        service_inbound_api.c.service_id == service_id
    )
    row = (await connection.execute(query.limit(1))).first()
    return CallbackTarget(row.url, encryption.decrypt(row.bearer_token)) if row else None


def _notification_columns(table: Table) -> list[Any]:
    c = table.c
    columns = [
        c.id,
        c.service_id,
        c.client_reference,
        c.notification_status,
        c.notification_type,
        c.created_at,
        c.updated_at,
        c.sent_at,
        c.template_id,
        c.template_version,
    ]
    if table is notifications:
        columns.append(c.to)
    return columns


async def get_notification_for_callback(
    connection: AsyncConnection, notification_id: uuid.UUID
) -> NotificationForCallback | None:
    for table in (notifications, notification_history):
        row = (
            await connection.execute(
                select(*_notification_columns(table)).where(table.c.id == notification_id)
            )
        ).first()
        if row:
            return NotificationForCallback(
                id=row.id,
                service_id=row.service_id,
                to=row.to if table is notifications else None,
                client_reference=row.client_reference,
                status=row.notification_status,
                notification_type=row.notification_type,
                created_at=row.created_at,
                updated_at=row.updated_at,
                sent_at=row.sent_at,
                template_id=row.template_id,
                template_version=row.template_version,
            )
    return None


async def get_complaint_for_callback(
    connection: AsyncConnection, complaint_id: uuid.UUID
) -> ComplaintForCallback | None:
    row = (await connection.execute(select(complaints).where(complaints.c.id == complaint_id))).first()
    if row is None:
        return None
    notification = await get_notification_for_callback(connection, row.notification_id)
    return ComplaintForCallback(
        id=row.id,
        notification_id=row.notification_id,
        service_id=row.service_id,
        complaint_date=row.complaint_date,
        client_reference=notification.client_reference if notification else None,
        to=notification.to if notification else None,
    )


async def get_inbound_sms_for_callback(
    connection: AsyncConnection, encryption: Encryption, inbound_sms_id: uuid.UUID
) -> InboundSmsForCallback | None:
    row = (await connection.execute(select(inbound_sms).where(inbound_sms.c.id == inbound_sms_id))).first()
    if row is None:
        return None
    return InboundSmsForCallback(
        id=row.id,
        service_id=row.service_id,
        user_number=row.user_number,
        notify_number=row.notify_number,
        content=encryption.decrypt(row.content),
        provider_date=row.provider_date,
        created_at=row.created_at,
    )

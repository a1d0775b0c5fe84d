"""Reading what a callback needs: the service's callback configuration and the row being reported."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.callbacks_sending.types import CallbackTarget
from notify_api.crypto import Encryption
from notify_api.db.tables import (
    complaints,
    inbound_sms,
    notification_history,
    notifications,
    service_callback_api,
    service_inbound_api,
)


@dataclass(frozen=True)
class NotificationForCallback:
    id: uuid.UUID
    service_id: uuid.UUID
    to: str | None  # None once the notification has moved to history
    client_reference: str | None
    status: str
    notification_type: str
    created_at: datetime
    updated_at: datetime | None
    sent_at: datetime | None
    template_id: uuid.UUID
    template_version: int


@dataclass(frozen=True)
class ComplaintForCallback:
    id: uuid.UUID
    notification_id: uuid.UUID
    service_id: uuid.UUID
    complaint_date: datetime | None
    client_reference: str | None
    to: str | None


@dataclass(frozen=True)
class InboundSmsForCallback:
    id: uuid.UUID
    service_id: uuid.UUID
    user_number: str
    notify_number: str
    content: str  # decrypted
    provider_date: datetime | None
    created_at: datetime


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

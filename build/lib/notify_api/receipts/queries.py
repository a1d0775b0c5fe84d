"""SQL for applying receipts: lock a notification, move its status on, fill billable units."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Row, Table, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables import notification_history, notifications, services, templates_history
from notify_api.receipts.types import LockedNotification
from notify_api.timeutils import utc_now


def _locked(row: Row[Any], *, in_history: bool) -> LockedNotification:
    return LockedNotification(
        id=row.id,
        service_id=row.service_id,
        notification_type=row.notification_type,
        status=row.notification_status,
        international=bool(row.international),
        phone_prefix=row.phone_prefix,
        billable_units=row.billable_units or 0,
        sent_by=row.sent_by,
        template_id=row.template_id,
        template_version=row.template_version,
        encrypted_personalisation=None if in_history else row._personalisation,
        in_history=in_history,
    )


def _lock_columns(table: Table) -> list[Any]:
    c = table.c
    columns = [
        c.id,
        c.service_id,
        c.notification_type,
        c.notification_status,
        c.international,
        c.phone_prefix,
        c.billable_units,
        c.sent_by,
        c.template_id,
        c.template_version,
    ]
    if table is notifications:
        columns.append(c._personalisation)
    return columns


async def lock_notification_by_id(
    connection: AsyncConnection, notification_id: uuid.UUID
) -> LockedNotification | None:
    query = (
        select(*_lock_columns(notifications)).where(notifications.c.id == notification_id).with_for_update()
    )
    row = (await connection.execute(query)).first()
    return _locked(row, in_history=False) if row else None


async def lock_notification_by_reference(
    connection: AsyncConnection, reference: str
) -> LockedNotification | None:
    """By provider reference (the SES message id): the live table first, then history."""
    for table, in_history in ((notifications, False), (notification_history, True)):
        query = select(*_lock_columns(table)).where(table.c.reference == reference).limit(1).with_for_update()
        row = (await connection.execute(query)).first()
        if row:
            return _locked(row, in_history=in_history)
    return None


async def set_notification_status(
    connection: AsyncConnection,
    notification: LockedNotification,
    status: str,
    *,
    billable_units: int | None = None,
) -> None:
    """``sent_by`` is left alone: only the sender records which provider it used."""
    table = notification_history if notification.in_history else notifications
    values: dict[str, Any] = {"notification_status": status, "updated_at": utc_now()}
    if billable_units is not None:
        values["billable_units"] = billable_units
    await connection.execute(update(table).where(table.c.id == notification.id).values(**values))


async def get_sms_billing_inputs(
    connection: AsyncConnection, notification: LockedNotification
) -> tuple[str, str, bool] | None:
    """(template content, service name, prefix_sms) for counting the fragments of a sent text."""
    # the prefix is the sending service's name (Notify's own messages use templates of its own service)
    query = (
        select(templates_history.c.content, services.c.name, services.c.prefix_sms)
        .select_from(templates_history.join(services, services.c.id == notification.service_id))
        .where(
            templates_history.c.id == notification.template_id,
            templates_history.c.version == notification.template_version,
        )
    )
    row = (await connection.execute(query)).first()
    return (row.content, row.name, bool(row.prefix_sms)) if row else None

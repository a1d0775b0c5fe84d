"""SQL for applying receipts: lock a notification, move its status on, fill billable units; the outbox."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, Table, delete, func, insert, literal, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables import (
    notification_history,
    notifications,
    provider_receipts,
    services,
    templates_history,
)
from notify_api.receipts.types import ClaimedReceipt, LockedNotification, StoredReceipt
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


async def lock_email_awaiting_its_ses_reference(
    connection: AsyncConnection, notification_id: uuid.UUID
) -> LockedNotification | None:
    """An email handed to SES whose sender died before recording SES's message id (see the SES tag)."""
    live = notifications.c
    query = (
        select(*_lock_columns(notifications))
        .where(live.id == notification_id, live.reference.is_(None), live.sent_by == "ses")
        .with_for_update()
    )
    row = (await connection.execute(query)).first()
    return None if row is None else _locked(row, in_history=False)


async def set_reference(connection: AsyncConnection, notification_id: uuid.UUID, reference: str) -> None:
    await connection.execute(
        update(notifications).where(notifications.c.id == notification_id).values(reference=reference)
    )


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


# --- the receipts' outbox ----------------------------------------------------------------------------
_r = provider_receipts.c


async def insert_provider_receipt(
    connection: AsyncConnection,
    *,
    receipt_id: uuid.UUID,
    kind: str,
    payload: dict[str, Any],
    created_at: datetime,
    replay_at: datetime,
) -> None:
    await connection.execute(
        insert(provider_receipts).values(
            id=receipt_id, kind=kind, payload=payload, created_at=created_at, replay_at=replay_at, replays=0
        )
    )


async def claim_provider_receipt(connection: AsyncConnection, receipt_id: uuid.UUID) -> ClaimedReceipt | None:
    """Take the receipt out of the outbox; None when it is gone (applied already, or given up).

    A second transaction claiming the same row waits for the first: if that one commits it gets nothing,
    if it rolls back (a retry) it gets the row.
    """
    statement = delete(provider_receipts).where(_r.id == receipt_id).returning(_r.kind, _r.payload)
    row = (await connection.execute(statement)).first()
    return ClaimedReceipt(kind=row.kind, payload=row.payload) if row else None


async def postpone_replay(connection: AsyncConnection, receipt_id: uuid.UUID, replay_at: datetime) -> None:
    await connection.execute(update(provider_receipts).where(_r.id == receipt_id).values(replay_at=replay_at))


async def take_receipts_to_replay(
    connection: AsyncConnection, *, now: datetime, first_delay: timedelta, max_doublings: int, limit: int
) -> list[StoredReceipt]:
    """Receipts due for another message, each given its next replay time (the delay doubles each time).

    Rows locked by a transaction applying them right now are skipped.
    """
    due = (
        select(_r.id)
        .where(_r.replay_at <= now)
        .order_by(_r.replay_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    seconds = first_delay.total_seconds() * func.power(2, func.least(_r.replays + 1, max_doublings))
    backoff = func.make_interval(0, 0, 0, 0, 0, 0, seconds)
    statement = (
        update(provider_receipts)
        .where(_r.id.in_(due))
        .values(replay_at=literal(now) + backoff, replays=_r.replays + 1)
        .returning(_r.id, _r.kind)
    )
    return [StoredReceipt(row.id, row.kind) for row in (await connection.execute(statement)).all()]


async def give_up_receipts(
    connection: AsyncConnection, *, created_before: datetime, limit: int
) -> list[StoredReceipt]:
    """Delete receipts that have failed to apply since before ``created_before``."""
    stale = (
        select(_r.id)
        .where(_r.created_at < created_before)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    statement = delete(provider_receipts).where(_r.id.in_(stale)).returning(_r.id, _r.kind)
    return [StoredReceipt(row.id, row.kind) for row in (await connection.execute(statement)).all()]

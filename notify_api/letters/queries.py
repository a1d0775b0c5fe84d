"""SQL for letters: load a letter and move it forward once its PDF is ready or refused; cancel one; find
the service's letter logo.

Every update is conditional on the status the worker found (``created`` for templated letters,
``pending-virus-check`` for precompiled ones), so statuses only move forward and a duplicate message or a
second worker changes nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables import (
    letter_branding,
    notifications,
    service_letter_branding,
    services,
    templates_history,
)
from notify_api.enums import (
    CANCELLED,
    CREATED,
    KEY_TYPE_NORMAL,
    LETTER,
    PENDING_VIRUS_CHECK,
    TECHNICAL_FAILURE,
)

n = notifications.c
th = templates_history.c


@dataclass(frozen=True, slots=True)
class LetterRecord:
    """What the letter workers need to know about a letter (no recipient, no personalisation)."""

    id: uuid.UUID
    service_id: uuid.UUID
    status: str
    key_type: str
    reference: str | None
    created_at: datetime
    postage: str | None
    billable_units: int
    precompiled: bool  # sent as a PDF, on the service's hidden precompiled template
    research_mode: bool


async def get_letter(connection: AsyncConnection, notification_id: uuid.UUID) -> LetterRecord | None:
    """The letter with this id, or None if there is none (or it is not a letter)."""
    query = (
        select(
            n.id,
            n.service_id,
            n.notification_status.label("status"),
            n.key_type,
            n.reference,
            n.created_at,
            n.postage,
            n.billable_units,
            th.hidden.label("precompiled"),
            services.c.research_mode,
        )
        .select_from(
            notifications.join(
                templates_history, (th.id == n.template_id) & (th.version == n.template_version)
            ).join(services, services.c.id == n.service_id)
        )
        .where(n.id == notification_id, n.notification_type == LETTER)
    )
    row = (await connection.execute(query)).one_or_none()
    return None if row is None else LetterRecord(**row._mapping)


async def record_templated_pdf(
    connection: AsyncConnection,
    notification_id: uuid.UUID,
    *,
    billable_units: int,
    status: str,
    now: datetime,
) -> bool:
    """The PDF of a ``created`` letter is stored: its sheets are its billable units. False if it moved on."""
    statement = (
        update(notifications)
        .where(n.id == notification_id, n.notification_status == CREATED)
        .values(billable_units=billable_units, notification_status=status, updated_at=now)
        .returning(n.id)
    )
    return (await connection.execute(statement)).one_or_none() is not None


async def record_sanitised_pdf(
    connection: AsyncConnection,
    notification_id: uuid.UUID,
    *,
    to: str | None,
    normalised_to: str | None,
    billable_units: int,
    status: str,
    now: datetime,
) -> bool:
    """A precompiled letter passed its checks. ``to`` None keeps the recipient it was sent with."""
    values: dict[str, object] = {
        "billable_units": billable_units,
        "notification_status": status,
        "updated_at": now,
    }
    if to is not None:
        values.update(to=to, normalised_to=normalised_to)
    statement = (
        update(notifications)
        .where(n.id == notification_id, n.notification_status == PENDING_VIRUS_CHECK)
        .values(**values)
        .returning(n.id)
    )
    return (await connection.execute(statement)).one_or_none() is not None


async def refuse_precompiled(
    connection: AsyncConnection, notification_id: uuid.UUID, *, status: str, now: datetime
) -> bool:
    """A precompiled letter failed its virus scan or validation (``status`` says which)."""
    statement = (
        update(notifications)
        .where(n.id == notification_id, n.notification_status == PENDING_VIRUS_CHECK)
        .values(notification_status=status, updated_at=now)
        .returning(n.id)
    )
    return (await connection.execute(statement)).one_or_none() is not None


async def fail_unfinished_letter(
    connection: AsyncConnection, notification_id: uuid.UUID, now: datetime
) -> bool:
    """The letter tasks ran out of retries: a letter still waiting for its PDF becomes a technical failure.

    A templated letter is waiting while it is ``created`` with no billable units (none is stored before its
    PDF); a precompiled one while it is ``pending-virus-check``.
    """
    waiting_for_pdf = ((n.notification_status == CREATED) & (n.billable_units == 0)) | (
        n.notification_status == PENDING_VIRUS_CHECK
    )
    statement = (
        update(notifications)
        .where(n.id == notification_id, n.notification_type == LETTER, waiting_for_pdf)
        .values(notification_status=TECHNICAL_FAILURE, updated_at=now)
        .returning(n.id)
    )
    return (await connection.execute(statement)).one_or_none() is not None


async def lock_for_cancelling(
    connection: AsyncConnection, service_id: uuid.UUID, notification_id: uuid.UUID
) -> tuple[str, str, datetime] | None:
    """(type, status, created at) of the service's notification, locked until the transaction ends."""
    query = (
        select(n.notification_type, n.notification_status, n.created_at)
        .where(n.id == notification_id, n.service_id == service_id)
        .with_for_update()
    )
    row = (await connection.execute(query)).one_or_none()
    return None if row is None else (row[0], row[1], row[2])


async def cancel_waiting_letter(
    connection: AsyncConnection, notification_id: uuid.UUID, waiting: tuple[str, ...], now: datetime
) -> bool:
    """``cancelled``, if the letter is still in one of the ``waiting`` statuses."""
    statement = (
        update(notifications)
        .where(n.id == notification_id, n.notification_status.in_(waiting))
        .values(notification_status=CANCELLED, updated_at=now)
        .returning(n.id)
    )
    return (await connection.execute(statement)).one_or_none() is not None


async def notification_exists(connection: AsyncConnection, notification_id: uuid.UUID) -> bool:
    query = select(n.id).where(n.id == notification_id)
    return (await connection.execute(query)).first() is not None


async def letter_logo_filename(connection: AsyncConnection, service_id: uuid.UUID) -> str | None:
    """The file name of the service's letter branding logo, if it has letter branding."""
    query = (
        select(letter_branding.c.filename)
        .select_from(
            service_letter_branding.join(
                letter_branding, letter_branding.c.id == service_letter_branding.c.letter_branding_id
            )
        )
        .where(service_letter_branding.c.service_id == service_id)
    )
    found: str | None = (await connection.execute(query)).scalar_one_or_none()
    return found


async def letters_without_pdf(
    connection: AsyncConnection, *, created_before: datetime, limit: int
) -> list[uuid.UUID]:
    """Normal-key templated letters whose PDF was never made: still ``created`` with no billable units and
    never updated (recording a PDF sets both), from before ``created_before``. Oldest first."""
    query = (
        select(n.id)
        .select_from(
            notifications.join(
                templates_history, (th.id == n.template_id) & (th.version == n.template_version)
            )
        )
        .where(
            n.notification_type == LETTER,
            n.notification_status == CREATED,
            n.key_type == KEY_TYPE_NORMAL,
            n.billable_units == 0,
            n.updated_at.is_(None),
            n.created_at < created_before,
            th.hidden.is_(False),
        )
        .order_by(n.created_at)
        .limit(limit)
    )
    return [row.id for row in (await connection.execute(query)).all()]

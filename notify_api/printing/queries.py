"""SQL for the print run and DVLA's responses.

Updates are conditional on the status a letter must be in (``created`` to go to the printer, ``sending`` to be
delivered or failed), so a run repeated by an operator or a response file announced twice changes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables import daily_sorted_letter, notifications, services
from notify_api.enums import CREATED, KEY_TYPE_NORMAL, LETTER, SENDING

n = notifications.c
s = services.c


@dataclass(frozen=True, slots=True)
class LetterToPrint:
    id: uuid.UUID
    reference: str | None
    created_at: datetime
    postage: str
    service_id: uuid.UUID
    organisation_id: uuid.UUID | None


@dataclass(frozen=True, slots=True)
class PostageVolume:
    postage: str
    letters: int
    sheets: int


def _waiting_for_print(deadline: datetime) -> ColumnElement[bool]:
    return and_(
        n.notification_type == LETTER,
        n.notification_status == CREATED,
        n.key_type == KEY_TYPE_NORMAL,
        n.created_at < deadline,
    )


async def letters_to_print(
    connection: AsyncConnection, *, deadline: datetime, postage: str
) -> list[LetterToPrint]:
    """Normal-key letters of one postage class still ``created`` from before the cut-off, by service."""
    query = (
        select(n.id, n.reference, n.created_at, n.postage, n.service_id, s.organisation_id)
        .select_from(notifications.join(services, s.id == n.service_id))
        .where(_waiting_for_print(deadline), n.postage == postage)
        .order_by(n.service_id, n.created_at, n.id)
    )
    rows = (await connection.execute(query)).all()
    return [LetterToPrint(**row._mapping) for row in rows]


async def volumes_by_postage(connection: AsyncConnection, *, deadline: datetime) -> list[PostageVolume]:
    """How many letters and sheets the run will send, per postage class (for DVLA's volumes email)."""
    query = (
        select(
            n.postage,
            func.count(n.id).label("letters"),
            func.coalesce(func.sum(n.billable_units), 0).label("sheets"),
        )
        .where(_waiting_for_print(deadline))
        .group_by(n.postage)
        .order_by(n.postage)
    )
    rows = (await connection.execute(query)).all()
    return [PostageVolume(row.postage, int(row.letters), int(row.sheets)) for row in rows]


async def mark_sent_to_printer(
    connection: AsyncConnection, notification_ids: Sequence[uuid.UUID], *, sent_by: str, now: datetime
) -> int:
    """The letters of a zip the printer has: ``sending``. Returns how many moved (those still ``created``)."""
    statement = (
        update(notifications)
        .where(n.id.in_(notification_ids), n.notification_status == CREATED)
        .values(notification_status=SENDING, sent_by=sent_by, sent_at=now, updated_at=now)
    )
    result = await connection.execute(statement)
    return int(result.rowcount or 0)


@dataclass(frozen=True, slots=True)
class LetterOutcome:
    reference: str
    notification_id: uuid.UUID
    billable_units: int


async def record_print_outcomes(
    connection: AsyncConnection,
    references: Sequence[str],
    *,
    status: str,
    now: datetime,
) -> list[LetterOutcome]:
    """Letters with these references that are ``sending`` move to ``status``; returns those that moved."""
    if not references:
        return []
    statement = (
        update(notifications)
        .where(
            n.reference.in_(references),
            n.notification_type == LETTER,
            n.notification_status == SENDING,
        )
        .values(notification_status=status, updated_at=now)
        .returning(n.reference, n.id, n.billable_units)
    )
    rows = (await connection.execute(statement)).all()
    return [LetterOutcome(row.reference, row.id, int(row.billable_units)) for row in rows]


async def fill_missing_billable_units(
    connection: AsyncConnection, sheets_by_reference: dict[str, int]
) -> int:
    """Letters that somehow have no billable units take DVLA's sheet count for them."""
    filled = 0
    for reference, sheets in sheets_by_reference.items():
        statement = (
            update(notifications)
            .where(and_(n.reference == reference, n.notification_type == LETTER, n.billable_units == 0))
            .values(billable_units=sheets)
        )
        filled += int((await connection.execute(statement)).rowcount or 0)
    return filled


async def record_daily_sorted_counts(
    connection: AsyncConnection,
    *,
    billing_day: date,
    file_name: str,
    sorted_count: int,
    unsorted_count: int,
    now: datetime,
) -> None:
    """One row per (day, response file): a file read twice overwrites its own counts, never adds to them."""
    statement = insert(daily_sorted_letter).values(
        id=uuid.uuid4(),
        billing_day=billing_day,
        file_name=file_name,
        sorted_count=sorted_count,
        unsorted_count=unsorted_count,
    )
    statement = statement.on_conflict_do_update(
        index_elements=[daily_sorted_letter.c.file_name, daily_sorted_letter.c.billing_day],
        set_={
            "sorted_count": statement.excluded.sorted_count,
            "unsorted_count": statement.excluded.unsorted_count,
            "updated_at": now,
        },
    )
    await connection.execute(statement)

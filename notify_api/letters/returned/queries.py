"""SQL for returned letters: mark them by reference, record them, and count and list them for a service.

A reference can belong to a letter still in ``notifications`` or one already moved to
``notification_history``; both tables are read and written, as retention may have moved it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Table, desc, func, select, union_all, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables import jobs, notification_history, notifications, returned_letters, templates, users
from notify_api.enums import RETURNED_LETTER

r = returned_letters.c


@dataclass(frozen=True, slots=True)
class MarkedLetter:
    id: uuid.UUID
    service_id: uuid.UUID


async def _mark(
    connection: AsyncConnection, table: Table, references: Sequence[str], now: datetime
) -> list[MarkedLetter]:
    statement = (
        update(table)
        .where(table.c.reference.in_(list(references)))
        .values(notification_status=RETURNED_LETTER, updated_at=now)
        .returning(table.c.id, table.c.service_id)
    )
    return [MarkedLetter(*row) for row in await connection.execute(statement)]


async def mark_returned(
    connection: AsyncConnection, references: Sequence[str], now: datetime
) -> tuple[list[MarkedLetter], list[MarkedLetter]]:
    """Set every letter with one of these references to ``returned-letter``: (live letters, history letters).

    History is only searched when the live table did not hold them all.
    """
    updated = await _mark(connection, notifications, references, now)
    updated_history: list[MarkedLetter] = []
    if len(updated) != len(references):
        updated_history = await _mark(connection, notification_history, references, now)
    return updated, updated_history


async def record_returned(
    connection: AsyncConnection, letters: Sequence[MarkedLetter], reported_at: date, now: datetime
) -> None:
    """A ``returned_letters`` row per letter, reported on this day (a letter reported again: the new day)."""
    # A letter can be in both tables for a moment while retention moves it: record it once.
    unique = {letter.id: letter for letter in letters}
    if not unique:
        return
    rows = [
        {
            "id": uuid.uuid4(),
            "reported_at": reported_at,
            "service_id": letter.service_id,
            "notification_id": letter.id,
            "created_at": now,
        }
        for letter in unique.values()
    ]
    statement = insert(returned_letters).values(rows)
    statement = statement.on_conflict_do_update(
        index_elements=[r.notification_id],
        set_={"reported_at": statement.excluded.reported_at, "updated_at": now},
    )
    await connection.execute(statement)


async def most_recent_report(connection: AsyncConnection, service_id: uuid.UUID) -> date | None:
    query = select(func.max(r.reported_at)).where(r.service_id == service_id)
    found: date | None = (await connection.execute(query)).scalar_one()
    return found


async def count_reported_after(connection: AsyncConnection, service_id: uuid.UUID, after: datetime) -> int:
    query = select(func.count()).where(r.service_id == service_id, r.reported_at > after)
    return int((await connection.execute(query)).scalar_one())


async def summary(connection: AsyncConnection, service_id: uuid.UUID) -> list[tuple[int, date]]:
    """(letters, day) for each day letters of this service were reported returned, newest first."""
    query = (
        select(func.count(r.notification_id), r.reported_at)
        .where(r.service_id == service_id)
        .group_by(r.reported_at)
        .order_by(desc(r.reported_at))
    )
    return [(int(count), day) for count, day in await connection.execute(query)]


@dataclass(frozen=True, slots=True)
class ReturnedLetter:
    notification_id: uuid.UUID
    reported_at: date
    client_reference: str | None
    created_at: datetime
    template_name: str
    template_id: uuid.UUID
    template_version: int
    template_hidden: bool
    api_key_id: uuid.UUID | None
    user_name: str | None
    email_address: str | None
    original_file_name: str | None
    job_row_number: int | None  # counted from 1, as the CSV's rows are shown


async def returned_on(
    connection: AsyncConnection, service_id: uuid.UUID, reported_at: date
) -> list[ReturnedLetter]:
    """The letters of this service reported returned on this day, newest first."""
    t = templates.c
    parts = []
    for table in (notifications, notification_history):
        n = table.c
        parts.append(
            select(
                r.notification_id,
                r.reported_at,
                n.client_reference,
                n.created_at,
                t.name,
                n.template_id,
                n.template_version,
                t.hidden,
                n.api_key_id,
                users.c.name.label("user_name"),
                users.c.email_address,
                jobs.c.original_file_name,
                (n.job_row_number + 1).label("job_row_number"),
            )
            .select_from(
                returned_letters.join(table, n.id == r.notification_id)
                .join(templates, t.id == n.template_id)
                .outerjoin(users, users.c.id == n.created_by_id)
                .outerjoin(jobs, jobs.c.id == n.job_id)
            )
            .where(r.service_id == service_id, r.reported_at == reported_at)
        )
    query = union_all(*parts).order_by(desc("created_at"))
    return [ReturnedLetter(*row) for row in await connection.execute(query)]

"""SQL of data retention: moving old notifications and received texts to their history tables, archiving jobs.

Every batch is one statement (or one short transaction): a crash between batches leaves each row in exactly
one table, and the next run carries on where this one stopped.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy import (
    ColumnElement,
    Select,
    Table,
    and_,
    any_,
    delete,
    func,
    literal,
    literal_column,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.inbound import inbound_sms, inbound_sms_history
from notify_api.db.tables.jobs import jobs
from notify_api.db.tables.notifications import notification_history, notifications
from notify_api.db.tables.services import service_data_retention, services
from notify_api.db.tables.templates import templates
from notify_api.enums import (
    CREATED,
    KEY_TYPE_NORMAL,
    KEY_TYPE_TEAM,
    KEY_TYPE_TEST,
    LETTER,
    PENDING_VIRUS_CHECK,
    SENDING,
    SMS,
)

DEFAULT_RETENTION_DAYS: Final = 7
# Letters still on their way to print keep their row (and PDF) whatever their age.
LETTER_STATUSES_KEPT: Final = (PENDING_VIRUS_CHECK, CREATED, SENDING)
_MOVED_KEY_TYPES: Final = (KEY_TYPE_NORMAL, KEY_TYPE_TEAM)
_HISTORY_COLUMNS: Final = tuple(column.name for column in notification_history.columns)
_INBOUND_HISTORY_COLUMNS: Final = tuple(column.name for column in inbound_sms_history.columns)


@dataclass(frozen=True)
class ServiceRetention:
    service_id: uuid.UUID
    days: int


@dataclass(frozen=True)
class LetterToClear:
    id: uuid.UUID
    reference: str | None
    created_at: datetime
    postage: str | None
    notification_status: str
    key_type: str


@dataclass(frozen=True)
class JobToArchive:
    id: uuid.UUID
    service_id: uuid.UUID


async def retention_by_service(connection: AsyncConnection, notification_type: str) -> list[ServiceRetention]:
    """Every service with its retention in days for one notification type (the default where none is set)."""
    retention = service_data_retention.c
    rows = await connection.execute(
        select(
            services.c.id,
            func.coalesce(retention.days_of_retention, DEFAULT_RETENTION_DAYS),
        )
        .select_from(
            services.outerjoin(
                service_data_retention,
                and_(retention.service_id == services.c.id, retention.notification_type == notification_type),
            )
        )
        .order_by(services.c.id)
    )
    return [ServiceRetention(service_id, days) for service_id, days in rows]


# A batch is chosen from an alias of the table it leaves, so it is never correlated with the DELETE.
_batch = notifications.alias("batch")


def _past_retention(
    service_id: uuid.UUID, notification_type: str, cutoff: datetime, n: Any = _batch.c
) -> ColumnElement[bool]:
    return and_(n.service_id == service_id, n.notification_type == notification_type, n.created_at < cutoff)


def _moved(notification_type: str, n: Any = _batch.c) -> ColumnElement[bool]:
    condition: ColumnElement[bool] = n.key_type.in_(_MOVED_KEY_TYPES)
    if notification_type == LETTER:
        condition = and_(condition, n.notification_status.notin_(LETTER_STATUSES_KEPT))
    return condition


def _in_locked_batch(
    table: Table, batch: Any, conditions: Sequence[ColumnElement[bool]], limit: int
) -> ColumnElement[bool]:
    """``table``'s rows among the first ``limit`` matching ``conditions`` that no one else has locked.

    The batch is found through an index and locked (``SKIP LOCKED``: rows a sender or a receipt holds wait
    for the next batch or night), then deleted by physical row address: a TID scan, where ``id IN (...)``
    made PostgreSQL read the whole table for every batch. A locked row cannot move, so its address holds.
    """
    addresses: Select[Any] = (
        select(literal_column(f"{batch.name}.ctid"))
        .select_from(batch)
        .where(*conditions)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return literal_column(f"{table.name}.ctid") == any_(func.array(addresses.scalar_subquery()))


async def move_batch_to_history(
    connection: AsyncConnection,
    *,
    service_id: uuid.UUID,
    notification_type: str,
    cutoff: datetime,
    limit: int,
    ids: Sequence[uuid.UUID] | None = None,
) -> int:
    """Move up to ``limit`` rows (or only those of ``ids``) to history in one statement; returns how many.

    DELETE ... RETURNING feeds the INSERT, so a row leaves ``notifications`` exactly when it reaches history.
    Rows locked by a sender or a receipt are skipped and taken by the next batch or the next night.
    """
    conditions = [_past_retention(service_id, notification_type, cutoff), _moved(notification_type)]
    if ids is not None:
        conditions.append(_batch.c.id.in_(ids))
    moved = (
        delete(notifications)
        .where(_in_locked_batch(notifications, _batch, conditions, limit))
        .returning(*(notifications.c[name] for name in _HISTORY_COLUMNS))
        .cte("moved")
    )
    statement = insert(notification_history).from_select(
        list(_HISTORY_COLUMNS), select(*(moved.c[name] for name in _HISTORY_COLUMNS))
    )
    # A row already in history (written by an older release) takes the newer values.
    statement = statement.on_conflict_do_update(
        index_elements=[notification_history.c.id],
        set_={name: statement.excluded[name] for name in _HISTORY_COLUMNS if name != "id"},
    )
    result = await connection.execute(statement)
    return result.rowcount


async def delete_test_key_batch(
    connection: AsyncConnection,
    *,
    service_id: uuid.UUID,
    notification_type: str,
    cutoff: datetime,
    limit: int,
    ids: Sequence[uuid.UUID] | None = None,
) -> int:
    """Test-key rows never reach history: delete up to ``limit`` of them."""
    conditions = [_past_retention(service_id, notification_type, cutoff), _batch.c.key_type == KEY_TYPE_TEST]
    if ids is not None:
        conditions.append(_batch.c.id.in_(ids))
    result = await connection.execute(
        delete(notifications).where(_in_locked_batch(notifications, _batch, conditions, limit))
    )
    return result.rowcount


async def letters_to_clear(
    connection: AsyncConnection,
    *,
    service_id: uuid.UUID,
    cutoff: datetime,
    limit: int,
    after: uuid.UUID | None,
) -> list[LetterToClear]:
    """The next letters past retention that will leave the table (in id order, after ``after``)."""
    n = notifications.c
    query = (
        select(n.id, n.reference, n.created_at, n.postage, n.notification_status, n.key_type)
        .where(
            _past_retention(service_id, LETTER, cutoff, n),
            or_(n.key_type == KEY_TYPE_TEST, _moved(LETTER, n)),
            n.id > after if after is not None else literal(True),
        )
        .order_by(n.id)
        .limit(limit)
    )
    return [LetterToClear(*row) for row in await connection.execute(query)]


async def move_inbound_batch_to_history(
    connection: AsyncConnection, *, service_id: uuid.UUID, cutoff: datetime, limit: int
) -> int:
    """Move up to ``limit`` received texts (without their content and sender) to ``inbound_sms_history``."""
    batch = inbound_sms.alias("batch")
    conditions = [batch.c.service_id == service_id, batch.c.created_at < cutoff]
    moved = (
        delete(inbound_sms)
        .where(_in_locked_batch(inbound_sms, batch, conditions, limit))
        .returning(*(inbound_sms.c[name] for name in _INBOUND_HISTORY_COLUMNS))
        .cte("moved")
    )
    statement = (
        insert(inbound_sms_history)
        .from_select(
            list(_INBOUND_HISTORY_COLUMNS), select(*(moved.c[name] for name in _INBOUND_HISTORY_COLUMNS))
        )
        .on_conflict_do_nothing(index_elements=[inbound_sms_history.c.id])
    )
    result = await connection.execute(statement)
    return result.rowcount


async def sms_retention_by_service(connection: AsyncConnection) -> list[ServiceRetention]:
    """Received texts follow the service's SMS retention."""
    return await retention_by_service(connection, SMS)


async def jobs_past_retention(
    connection: AsyncConnection, *, notification_type: str, service_id: uuid.UUID, cutoff: datetime
) -> list[JobToArchive]:
    """Jobs not yet archived whose send day (scheduled, else created) is before the cutoff."""
    j = jobs.c
    rows = await connection.execute(
        select(j.id, j.service_id)
        .select_from(jobs.join(templates, templates.c.id == j.template_id))
        .where(
            j.service_id == service_id,
            j.archived.is_(False),
            templates.c.template_type == notification_type,
            func.coalesce(j.scheduled_for, j.created_at) < cutoff,
        )
        .order_by(j.created_at.desc())
    )
    return [JobToArchive(*row) for row in rows]


async def archive_jobs(connection: AsyncConnection, job_ids: Sequence[uuid.UUID]) -> int:
    result = await connection.execute(
        update(jobs).where(jobs.c.id.in_(job_ids), jobs.c.archived.is_(False)).values(archived=True)
    )
    return result.rowcount

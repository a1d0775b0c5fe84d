"""SQL for contact lists: the unarchived lists of a service with their job counts, saving and archiving."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import Date, Integer, Select, String, and_, cast, exists, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.contact_lists.types import ContactList, NewContactList
from notify_api.db.tables import jobs, service_contact_list, service_data_retention, users
from notify_api.timeutils import utc_now

DEFAULT_RETENTION_DAYS = 7

_list = service_contact_list.c


def _select(today: date) -> Select[Any]:
    """Lists with their counts: jobs started (or made) within the service's retention of the list's type,
    counted from today's UTC date as the original did, and whether any job was ever sent from it."""
    retention_days = (
        select(service_data_retention.c.days_of_retention)
        .where(
            service_data_retention.c.service_id == _list.service_id,
            cast(service_data_retention.c.notification_type, String) == cast(_list.template_type, String),
        )
        .scalar_subquery()
    )
    oldest_day = cast(today, Date) - cast(func.coalesce(retention_days, DEFAULT_RETENTION_DAYS), Integer)
    recent_jobs = (
        select(func.count())
        .select_from(jobs)
        .where(
            jobs.c.contact_list_id == _list.id,
            func.coalesce(jobs.c.processing_started, jobs.c.created_at) >= oldest_day,
        )
        .scalar_subquery()
    )
    return select(
        _list.id,
        _list.service_id,
        _list.original_file_name,
        _list.row_count,
        _list.template_type,
        users.c.name.label("created_by_name"),
        _list.created_at,
        recent_jobs.label("recent_job_count"),
        exists().where(jobs.c.contact_list_id == _list.id).label("has_jobs"),
    ).outerjoin(users, users.c.id == _list.created_by_id)


def _record(row: Any) -> ContactList:
    return ContactList(**row._mapping)


async def contact_lists(connection: AsyncConnection, service_id: uuid.UUID) -> list[ContactList]:
    """The service's unarchived lists, newest first."""
    query = (
        _select(utc_now().date())
        .where(_list.service_id == service_id, _list.archived.is_(False))
        .order_by(_list.created_at.desc())
    )
    return [_record(row) for row in await connection.execute(query)]


async def contact_list(
    connection: AsyncConnection, service_id: uuid.UUID, contact_list_id: uuid.UUID
) -> ContactList | None:
    query = _select(utc_now().date()).where(
        _list.service_id == service_id, _list.id == contact_list_id, _list.archived.is_(False)
    )
    row = (await connection.execute(query)).first()
    return _record(row) if row is not None else None


async def is_contact_list_of(
    connection: AsyncConnection, service_id: uuid.UUID, contact_list_id: uuid.UUID
) -> bool:
    found = await connection.execute(
        select(_list.id).where(_list.service_id == service_id, _list.id == contact_list_id)
    )
    return found.first() is not None


async def insert_contact_list(connection: AsyncConnection, new: NewContactList) -> bool:
    """Save a list; False if a list with its id exists already."""
    result = await connection.execute(
        pg_insert(service_contact_list)
        .values(
            id=new.id,
            service_id=new.service_id,
            original_file_name=new.original_file_name,
            row_count=new.row_count,
            template_type=new.template_type,
            created_by_id=new.created_by_id,
            created_at=new.created_at,
            archived=False,
        )
        .on_conflict_do_nothing(index_elements=[_list.id])
        .returning(_list.id)
    )
    return result.first() is not None


async def archive_contact_list(
    connection: AsyncConnection, service_id: uuid.UUID, contact_list_id: uuid.UUID
) -> bool:
    """Archive an unarchived list of the service; False if there is none."""
    result = await connection.execute(
        update(service_contact_list)
        .where(and_(_list.service_id == service_id, _list.id == contact_list_id, _list.archived.is_(False)))
        .values(archived=True, updated_at=utc_now())
        .returning(_list.id)
    )
    return result.first() is not None

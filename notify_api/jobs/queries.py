"""SQL for jobs: reading them with their template and creator, status changes, and their notifications."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables import ft_notification_status, jobs, notifications, services, templates, users
from notify_api.enums import CANCELLED as NOTIFICATION_CANCELLED
from notify_api.jobs.types import (
    CANCELLED,
    ERROR,
    FINISHED,
    IN_PROGRESS,
    ONE_OFF_MESSAGE_FILENAME,
    PENDING,
    SCHEDULED,
    TEST_MESSAGE_FILENAME,
    JobNotification,
    JobRecord,
    JobStatistic,
    NewJob,
)


def _job_select() -> Select[Any]:
    return (
        select(
            jobs,
            services.c.name.label("service_name"),
            templates.c.name.label("template_name"),
            templates.c.template_type,
            users.c.name.label("created_by_name"),
        )
        .join(services, services.c.id == jobs.c.service_id)
        .join(templates, templates.c.id == jobs.c.template_id)
        .outerjoin(users, users.c.id == jobs.c.created_by_id)
    )


def _record(row: Row[Any], statistics: Sequence[JobStatistic] = ()) -> JobRecord:
    return JobRecord(
        id=row.id,
        service_id=row.service_id,
        service_name=row.service_name,
        template_id=row.template_id,
        template_version=row.template_version,
        template_name=row.template_name,
        template_type=row.template_type,
        original_file_name=row.original_file_name,
        notification_count=row.notification_count,
        job_status=row.job_status,
        created_at=row.created_at,
        updated_at=row.updated_at,
        processing_started=row.processing_started,
        processing_finished=row.processing_finished,
        scheduled_for=row.scheduled_for,
        created_by_id=row.created_by_id,
        created_by_name=row.created_by_name,
        archived=row.archived,
        contact_list_id=row.contact_list_id,
        statistics=tuple(statistics),
    )


async def insert_job(connection: AsyncConnection, job: NewJob) -> None:
    await connection.execute(
        insert(jobs).values(
            id=job.id,
            service_id=job.service_id,
            template_id=job.template_id,
            template_version=job.template_version,
            original_file_name=job.original_file_name,
            notification_count=job.notification_count,
            created_by_id=job.created_by_id,
            scheduled_for=job.scheduled_for,
            job_status=job.job_status,
            contact_list_id=job.contact_list_id,
            created_at=job.created_at,
            notifications_sent=0,
            notifications_delivered=0,
            notifications_failed=0,
            archived=False,
        )
    )


async def get_job(
    connection: AsyncConnection,
    service_id: uuid.UUID,
    job_id: uuid.UUID,
    *,
    with_statistics: bool = True,
    for_update: bool = False,
) -> JobRecord | None:
    query = _job_select().where(jobs.c.service_id == service_id, jobs.c.id == job_id)
    if for_update:
        query = query.with_for_update(of=jobs)
    row = (await connection.execute(query)).first()
    if row is None:
        return None
    statistics: dict[uuid.UUID, list[JobStatistic]] = {}
    if with_statistics:
        # Past retention the job's notifications are gone; the nightly counts still hold them.
        statistics = await job_statistics(connection, [job_id]) or await fact_job_statistics(
            connection, [job_id]
        )
    return _record(row, statistics.get(job_id, ()))


async def get_job_by_id(connection: AsyncConnection, job_id: uuid.UUID) -> JobRecord | None:
    row = (await connection.execute(_job_select().where(jobs.c.id == job_id))).first()
    return _record(row) if row is not None else None


async def job_statistics(
    connection: AsyncConnection, job_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[JobStatistic]]:
    """Per-status counts of each job's notifications, in one query."""
    if not job_ids:
        return {}
    rows = await connection.execute(
        select(notifications.c.job_id, notifications.c.notification_status, func.count())
        .where(notifications.c.job_id.in_(job_ids))
        .group_by(notifications.c.job_id, notifications.c.notification_status)
        .order_by(notifications.c.job_id, notifications.c.notification_status)
    )
    found: dict[uuid.UUID, list[JobStatistic]] = {}
    for job_id, status, count in rows:
        found.setdefault(job_id, []).append(JobStatistic(status, count))
    return found


async def fact_job_statistics(
    connection: AsyncConnection, job_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[JobStatistic]]:
    """Per-status counts of each job from ``ft_notification_status`` (built nightly, kept past retention)."""
    if not job_ids:
        return {}
    fact = ft_notification_status.c
    rows = await connection.execute(
        select(fact.job_id, fact.notification_status, func.sum(fact.notification_count))
        .where(fact.job_id.in_(job_ids))
        .group_by(fact.job_id, fact.notification_status)
        .order_by(fact.job_id, fact.notification_status)
    )
    found: dict[uuid.UUID, list[JobStatistic]] = {}
    for job_id, status, count in rows:
        found.setdefault(job_id, []).append(JobStatistic(status, int(count)))
    return found


async def list_jobs(
    connection: AsyncConnection,
    service_id: uuid.UUID,
    *,
    created_since: datetime | None,
    facts_before: datetime,
    statuses: Sequence[str],
    contact_list_id: uuid.UUID | None,
    page: int,
    page_size: int,
) -> tuple[list[JobRecord], int]:
    """A page of the service's jobs, newest processing first, with the total. Jobs started before
    ``facts_before`` take their counts from the nightly facts, newer ones from their notifications."""
    conditions = [
        jobs.c.service_id == service_id,
        jobs.c.original_file_name.not_in([TEST_MESSAGE_FILENAME, ONE_OFF_MESSAGE_FILENAME]),
    ]
    if created_since is not None:
        conditions.append(jobs.c.created_at >= created_since)
    if statuses:
        conditions.append(jobs.c.job_status.in_(statuses))
    if contact_list_id is not None:
        conditions.append(jobs.c.contact_list_id == contact_list_id)
    total = (await connection.execute(select(func.count()).select_from(jobs).where(*conditions))).scalar_one()
    rows = (
        await connection.execute(
            _job_select()
            .where(*conditions)
            .order_by(jobs.c.processing_started.desc().nulls_first(), jobs.c.created_at.desc())
            .limit(page_size)
            .offset((page - 1) * page_size)
        )
    ).all()
    started = [row for row in rows if row.processing_started is not None]
    statistics = {
        **await job_statistics(
            connection, [row.id for row in started if row.processing_started >= facts_before]
        ),
        **await fact_job_statistics(
            connection, [row.id for row in started if row.processing_started < facts_before]
        ),
    }
    return [_record(row, statistics.get(row.id, ())) for row in rows], total


async def has_jobs(connection: AsyncConnection, service_id: uuid.UUID) -> bool:
    found = await connection.execute(
        select(jobs.c.id)
        .where(
            jobs.c.service_id == service_id,
            jobs.c.original_file_name.not_in([TEST_MESSAGE_FILENAME, ONE_OFF_MESSAGE_FILENAME]),
        )
        .limit(1)
    )
    return found.first() is not None


async def scheduled_job_stats(
    connection: AsyncConnection, service_id: uuid.UUID
) -> tuple[int, datetime | None]:
    row = (
        await connection.execute(
            select(func.count(jobs.c.id), func.min(jobs.c.scheduled_for)).where(
                jobs.c.service_id == service_id, jobs.c.job_status == SCHEDULED
            )
        )
    ).one()
    return int(row[0]), row[1]


async def cancel_scheduled_job(
    connection: AsyncConnection, service_id: uuid.UUID, job_id: uuid.UUID, now: datetime
) -> bool:
    """Cancel a job still waiting for its time; False if there is no such job."""
    result = await connection.execute(
        update(jobs)
        .where(
            jobs.c.service_id == service_id,
            jobs.c.id == job_id,
            jobs.c.job_status == SCHEDULED,
            jobs.c.scheduled_for > now,
        )
        .values(job_status=CANCELLED, updated_at=now)
        .returning(jobs.c.id)
    )
    return result.first() is not None


async def claim_job(connection: AsyncConnection, job_id: uuid.UUID, now: datetime) -> bool:
    """pending → in progress; False if the job is in any other state (someone else has it, or cancelled)."""
    result = await connection.execute(
        update(jobs)
        .where(jobs.c.id == job_id, jobs.c.job_status == PENDING)
        .values(job_status=IN_PROGRESS, processing_started=now, updated_at=now)
        .returning(jobs.c.id)
    )
    return result.first() is not None


async def set_job_status(
    connection: AsyncConnection,
    job_id: uuid.UUID,
    status: str,
    now: datetime,
    *,
    only_from: Sequence[str] = (),
    finished: bool = False,
) -> bool:
    values: dict[str, Any] = {"job_status": status, "updated_at": now}
    if finished:
        values["processing_finished"] = now
    statement = update(jobs).where(jobs.c.id == job_id)
    if only_from:
        statement = statement.where(jobs.c.job_status.in_(only_from))
    result = await connection.execute(statement.values(values).returning(jobs.c.id))
    return result.first() is not None


async def touch_job(connection: AsyncConnection, job_id: uuid.UUID, now: datetime) -> str | None:
    """Mark a job being processed as alive (its ``updated_at``) and read its status, in one statement."""
    found = await connection.execute(
        update(jobs).where(jobs.c.id == job_id).values(updated_at=now).returning(jobs.c.job_status)
    )
    status: str | None = found.scalar_one_or_none()
    return status


async def highest_stored_row(connection: AsyncConnection, job_id: uuid.UUID) -> int:
    """The highest row number of the job already stored, or -1: processing resumes after it."""
    found = await connection.execute(
        select(func.max(notifications.c.job_row_number)).where(notifications.c.job_id == job_id)
    )
    value = found.scalar_one_or_none()
    return -1 if value is None else int(value)


async def row_notification_id(
    connection: AsyncConnection, job_id: uuid.UUID, row_number: int
) -> uuid.UUID | None:
    found = await connection.execute(
        select(notifications.c.id).where(
            notifications.c.job_id == job_id, notifications.c.job_row_number == row_number
        )
    )
    value: uuid.UUID | None = found.scalar_one_or_none()
    return value


async def stored_row_numbers(connection: AsyncConnection, job_id: uuid.UUID) -> set[int]:
    found = await connection.execute(
        select(notifications.c.job_row_number).where(notifications.c.job_id == job_id)
    )
    return {int(number) for number in found.scalars()}


async def due_scheduled_jobs(connection: AsyncConnection, now: datetime) -> list[uuid.UUID]:
    """Scheduled jobs whose time has come, set to pending in one statement (safe to run concurrently)."""
    result = await connection.execute(
        update(jobs)
        .where(jobs.c.job_status == SCHEDULED, jobs.c.scheduled_for <= now)
        .values(job_status=PENDING, updated_at=now)
        .returning(jobs.c.id)
    )
    return [row[0] for row in result]


async def mark_stalled_jobs(connection: AsyncConnection, quiet_since: datetime) -> list[uuid.UUID]:
    """Jobs whose worker died: in progress with no heartbeat since the cut-off, or pending (their message
    lost) since then. Set to ``error`` in one statement, so two runs never both resume a job."""
    last_sign = func.coalesce(jobs.c.updated_at, jobs.c.processing_started, jobs.c.created_at)
    result = await connection.execute(
        update(jobs)
        .where(
            ((jobs.c.job_status == IN_PROGRESS) & (last_sign < quiet_since))
            | (
                (jobs.c.job_status == PENDING)
                & (func.coalesce(jobs.c.scheduled_for, jobs.c.updated_at, jobs.c.created_at) < quiet_since)
            )
        )
        .values(job_status=ERROR, updated_at=func.timezone("UTC", func.now()))
        .returning(jobs.c.id)
    )
    return [row[0] for row in result]


async def jobs_short_of_rows(
    connection: AsyncConnection, finished_after: datetime, finished_before: datetime
) -> list[uuid.UUID]:
    """Finished jobs with fewer notifications stored than the file's rows (trial mode's dropped rows count
    as missing too: reprocessing them drops them again)."""
    stored = (
        select(func.count())
        .select_from(notifications)
        .where(notifications.c.job_id == jobs.c.id)
        .scalar_subquery()
    )
    rows = await connection.execute(
        select(jobs.c.id).where(
            jobs.c.job_status == FINISHED,
            jobs.c.processing_finished >= finished_after,
            jobs.c.processing_finished < finished_before,
            stored < jobs.c.notification_count,
        )
    )
    return [row[0] for row in rows]


async def job_notifications(
    connection: AsyncConnection, service_id: uuid.UUID, job_id: uuid.UUID, *, page: int, page_size: int
) -> tuple[list[JobNotification], int]:
    """A page of the job's notifications in row order, with the total."""
    conditions = (notifications.c.service_id == service_id, notifications.c.job_id == job_id)
    total = (
        await connection.execute(select(func.count()).select_from(notifications).where(*conditions))
    ).scalar_one()
    rows = await connection.execute(
        select(
            notifications.c.id,
            notifications.c.to,
            notifications.c.job_row_number,
            notifications.c.notification_type,
            notifications.c.notification_status,
            notifications.c.created_at,
            notifications.c.updated_at,
            notifications.c.sent_at,
            notifications.c.template_id,
            notifications.c.template_version,
            templates.c.name.label("template_name"),
        )
        .join(templates, templates.c.id == notifications.c.template_id)
        .where(*conditions)
        .order_by(notifications.c.job_row_number)
        .limit(page_size)
        .offset((page - 1) * page_size)
    )
    return [JobNotification(*row) for row in rows], int(total)


async def lock_job_letter_statuses(connection: AsyncConnection, job_id: uuid.UUID) -> list[str]:
    """The status of every stored row of the job, locking the rows until the transaction ends."""
    query = (
        select(notifications.c.notification_status).where(notifications.c.job_id == job_id).with_for_update()
    )
    return list((await connection.execute(query)).scalars())


async def cancel_job_letters(connection: AsyncConnection, job_id: uuid.UUID, now: datetime) -> int:
    """Every letter of the job becomes ``cancelled`` and costs nothing; how many there were."""
    statement = (
        update(notifications)
        .where(notifications.c.job_id == job_id)
        .values(notification_status=NOTIFICATION_CANCELLED, updated_at=now, billable_units=0)
    )
    return (await connection.execute(statement)).rowcount

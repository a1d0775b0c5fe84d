"""SQL for the Uploads page (``GET /service/{sid}/upload``): the service's CSV jobs and, one entry per print
day, the letters its users uploaded as PDFs on the admin site; and the uploaded letters of one print day.

Both lists keep to the service's data retention (7 days unless set), leave out cancelled and scheduled jobs,
jobs sent from a contact list and cancelled letters. A letter's print day is the UK day of the 17:30 run
that takes it: letters created after 17:30 belong to the next day.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Final

from sqlalchemy import (
    ColumnElement,
    Date,
    String,
    and_,
    cast,
    desc,
    func,
    literal,
    literal_column,
    null,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables import jobs, notifications, service_data_retention, templates, templates_history
from notify_api.enums import CANCELLED as NOTIFICATION_CANCELLED
from notify_api.enums import LETTER
from notify_api.jobs.types import (
    CANCELLED,
    ONE_OFF_MESSAGE_FILENAME,
    SCHEDULED,
    TEST_MESSAGE_FILENAME,
    JobStatistic,
)
from notify_api.notifications.activity.queries import ActivityRow, rows_where
from notify_api.timeutils import LONDON, london_midnight_utc, london_today, utc_now

DEFAULT_RETENTION_DAYS: Final = 7
UPLOADED_LETTERS: Final = "Uploaded letters"
CREATED_AT_FORMAT: Final = "%Y-%m-%d %H:%M:%S"

n, j, t = notifications.c, jobs.c, templates.c
# UK time plus 6h30 turns "after 17:30" into the next day; the run itself starts at 17:30 that day.
_PRINT_SHIFT: Final[ColumnElement[Any]] = literal_column("interval '6 hours 30 minutes'")
_RUN_STARTS: Final[ColumnElement[Any]] = literal_column("interval '17 hours 30 minutes'")


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def _uk(column: Any) -> Any:
    return func.timezone("Europe/London", func.timezone("UTC", column))


def print_day(created_at: Any) -> Any:
    """SQL: the UK print day (a timestamp at midnight) of a letter created at this naive-UTC time."""
    return func.date_trunc("day", _uk(created_at) + _PRINT_SHIFT)


def _retention(template_type: Any) -> Any:
    return func.coalesce(service_data_retention.c.days_of_retention, DEFAULT_RETENTION_DAYS), and_(
        service_data_retention.c.service_id == t.service_id,
        cast(service_data_retention.c.notification_type, String) == cast(template_type, String),
    )


def _uploaded_letters(service_id: uuid.UUID, template_hidden: Any) -> list[ColumnElement[bool]]:
    """Letters uploaded on the admin site: sent without an API key, on the hidden precompiled template."""
    return [
        n.service_id == service_id,
        n.notification_type == LETTER,
        n.api_key_id.is_(None),
        n.notification_status != NOTIFICATION_CANCELLED,
        template_hidden.is_(True),
    ]


@dataclass(frozen=True, slots=True)
class Upload:
    id: uuid.UUID | None
    original_file_name: str
    notification_count: int
    template_type: str
    created_at: datetime
    scheduled_for: datetime | None
    processing_started: datetime | None
    upload_type: str  # "job" or "letter_day"

    def to_json(self, statistics: Sequence[JobStatistic]) -> dict[str, Any]:
        shown = self.scheduled_for or self.created_at
        return {
            "id": None if self.id is None else str(self.id),
            "original_file_name": self.original_file_name,
            "notification_count": self.notification_count,
            "created_at": shown.strftime(CREATED_AT_FORMAT),
            "upload_type": self.upload_type,
            "template_type": self.template_type,
            "recipient": None,
            "statistics": [statistic.to_json() for statistic in statistics],
        }


async def uploads_page(
    connection: AsyncConnection,
    service_id: uuid.UUID,
    *,
    limit_days: int | None,
    page: int,
    page_size: int,
) -> tuple[list[Upload], int]:
    """A page of the Uploads list, newest first, and how many entries there are in all."""
    today = cast(literal(utc_now().date()), Date)
    since = None if limit_days is None else london_midnight_utc(london_today() - timedelta(days=limit_days))

    job_retention, job_retention_on = _retention(t.template_type)
    job_conditions = [
        j.service_id == service_id,
        j.original_file_name.not_in([TEST_MESSAGE_FILENAME, ONE_OFF_MESSAGE_FILENAME]),
        j.job_status.not_in([CANCELLED, SCHEDULED]),
        func.coalesce(j.processing_started, j.created_at) >= today - job_retention,
        j.contact_list_id.is_(None),
    ]
    if since is not None:
        job_conditions.append(j.created_at >= since)
    job_rows = (
        select(
            j.id,
            j.original_file_name,
            j.notification_count,
            cast(t.template_type, String).label("template_type"),
            j.created_at,
            j.scheduled_for,
            j.processing_started,
            literal("job").label("upload_type"),
        )
        .select_from(
            jobs.join(templates, t.id == j.template_id).outerjoin(service_data_retention, job_retention_on)
        )
        .where(*job_conditions)
    )

    letter_retention, letter_retention_on = _retention(t.template_type)
    letter_conditions = [*_uploaded_letters(service_id, t.hidden), n.created_at >= today - letter_retention]
    if since is not None:
        letter_conditions.append(n.created_at >= since)
    printing_at = func.timezone("UTC", func.timezone("Europe/London", print_day(n.created_at) + _RUN_STARTS))
    letter_days = (
        select(func.count().label("notification_count"), printing_at.label("printing_at"))
        .select_from(
            notifications.join(templates, t.id == n.template_id).outerjoin(
                service_data_retention, letter_retention_on
            )
        )
        .where(*letter_conditions)
        .group_by(literal_column("printing_at"))
        .subquery()
    )
    letter_rows = select(
        cast(null(), jobs.c.id.type).label("id"),
        literal(UPLOADED_LETTERS).label("original_file_name"),
        letter_days.c.notification_count,
        literal(LETTER).label("template_type"),
        letter_days.c.printing_at.label("created_at"),
        cast(null(), jobs.c.scheduled_for.type).label("scheduled_for"),
        letter_days.c.printing_at.label("processing_started"),
        literal("letter_day").label("upload_type"),
    )

    everything = union_all(job_rows, letter_rows).subquery()
    total = (await connection.execute(select(func.count()).select_from(everything))).scalar_one()
    found = [
        Upload(*row)
        for row in await connection.execute(
            select(everything)
            .order_by(desc(everything.c.processing_started), desc(everything.c.created_at))
            .offset((page - 1) * page_size)
            .limit(page_size)
        )
    ]
    return found, int(total)


async def uploaded_letter_rows(
    connection: AsyncConnection, service_id: uuid.UUID, day: date, *, page: int, page_size: int
) -> tuple[list[ActivityRow], int]:
    """The letters uploaded on the admin site that go in the print run of ``day``, newest first."""
    sent_with = templates_history.c
    run_starts = datetime.combine(day, time(17, 30), tzinfo=LONDON)
    conditions = [
        *_uploaded_letters(service_id, sent_with.hidden),
        # Created after the previous day's run started and before this one's (UK time, as naive UTC):
        # a range the (service_id, created_at) index can serve.
        n.created_at >= _naive_utc(run_starts - timedelta(days=1)),
        n.created_at < _naive_utc(run_starts),
    ]
    total_query = (
        select(func.count())
        .select_from(
            notifications.join(
                templates_history,
                (sent_with.id == n.template_id) & (sent_with.version == n.template_version),
            )
        )
        .where(*conditions)
    )
    total = (await connection.execute(total_query)).scalar_one()
    rows = await rows_where(connection, *conditions, offset=(page - 1) * page_size, limit=page_size)
    return rows, int(total)

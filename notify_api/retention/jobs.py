"""``remove_sms_email_jobs`` and ``remove_letter_jobs``: a job past its service's retention for its template's
type loses its CSV file in S3 and is marked ``archived`` (the admin then shows it without its rows)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Final

from notify_api.db.database import Database
from notify_api.enums import EMAIL, LETTER, SMS
from notify_api.logging import get_logger
from notify_api.retention.notifications import retention_cutoff
from notify_api.retention.queries import archive_jobs, jobs_past_retention, retention_by_service
from notify_api.settings import Settings
from notify_api.storage import ObjectStore
from notify_api.timeutils import utc_now

log = get_logger(__name__)

SMS_AND_EMAIL: Final = (SMS, EMAIL)
LETTERS: Final = (LETTER,)
_S3_DELETE_LIMIT: Final = 1_000


def job_csv_key(service_id: uuid.UUID, job_id: uuid.UUID) -> str:
    """Where an uploaded job's CSV file is kept in the CSV upload bucket (the original's layout)."""
    return f"service-{service_id}-notify/{job_id}.csv"


async def remove_jobs_past_retention(
    database: Database,
    settings: Settings,
    notification_types: tuple[str, ...],
    *,
    now: datetime | None = None,
) -> int:
    """Delete the CSV files of jobs past retention, then archive the jobs; returns how many were archived."""
    moment = now or utc_now()
    store = ObjectStore(settings)
    archived = 0
    for notification_type in notification_types:
        async with database.read() as connection:
            periods = await retention_by_service(connection, notification_type)
        for period in periods:
            async with database.read() as connection:
                found = await jobs_past_retention(
                    connection,
                    notification_type=notification_type,
                    service_id=period.service_id,
                    cutoff=retention_cutoff(period.days, moment),
                )
            for start in range(0, len(found), _S3_DELETE_LIMIT):
                chunk = found[start : start + _S3_DELETE_LIMIT]
                await store.delete_many(
                    settings.csv_upload_bucket, [job_csv_key(job.service_id, job.id) for job in chunk]
                )
                async with database.transaction() as connection:
                    archived += await archive_jobs(connection, [job.id for job in chunk])
    log.info("retention.jobs_archived", notification_types=list(notification_types), count=archived)
    return archived

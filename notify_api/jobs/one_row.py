"""One row of a job's file sent again (the operator's ``process-row-from-job``), for a row lost to a fault.

Rows are stored at most once per job and row number, so a row already stored is reported, not sent twice;
a row trial mode drops stays dropped, as in the job itself.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from notify_api.enums import KEY_TYPE_NORMAL
from notify_api.errors import NotifyError
from notify_api.jobs import queries
from notify_api.jobs.csv_file import CsvFileError, read_csv
from notify_api.jobs.files import read_job_file
from notify_api.logging import get_logger
from notify_api.notifications.sending.job_rows import RowError, check_row, prepare_job, store_and_enqueue
from notify_api.notifications.sending.request import Origin, SendRequest
from notify_api.runtime import Runtime
from notify_api.services.queries.reads import get_service_summary

log = get_logger(__name__)


class JobRowError(Exception):
    """The row cannot be processed: no such job, file or row, or the row cannot be sent."""


@dataclass(frozen=True, slots=True)
class RowOutcome:
    notification_id: uuid.UUID | None  # None: trial mode drops the row
    stored_now: bool  # False: it was stored already (or dropped)


async def process_row_from_job(runtime: Runtime, job_id: uuid.UUID, row_number: int) -> RowOutcome:
    """Store and enqueue row ``row_number`` (0-based, as ``job_row_number``) of the job, unless it is
    stored already."""
    async with runtime.database.read() as connection:
        job = await queries.get_job_by_id(connection, job_id)
        if job is None:
            raise JobRowError(f"No job with id {job_id}")
        existing = await queries.row_notification_id(connection, job_id, row_number)
        if existing is not None:
            return RowOutcome(existing, stored_now=False)
        service = await get_service_summary(connection, job.service_id)
    assert service is not None  # a job's service is never deleted while the job exists
    file = await read_job_file(runtime.settings, job.service_id, job_id)
    if file is None:
        raise JobRowError(f"The file of job {job_id} is no longer in S3")
    try:
        rows = read_csv(file.content, job.template_type).rows
    except CsvFileError as error:
        raise JobRowError(str(error)) from error
    row = next((row for row in rows if row.index == row_number), None)
    if row is None:
        raise JobRowError(f"Job {job_id} has no row {row_number} (its rows are 0 to {len(rows) - 1})")
    sender_id = file.metadata.get("sender_id")
    request = SendRequest(
        origin=Origin.JOB,
        service=service,
        notification_type=job.template_type,
        template_id=job.template_id,
        personalisation=row.personalisation,
        key_type=KEY_TYPE_NORMAL,
        sender_id=uuid.UUID(sender_id) if sender_id else None,
        created_by_id=job.created_by_id,
        job_id=job.id,
        job_row_number=row.index,
        recipient=row.recipient,
    )
    try:
        send = await check_row(await prepare_job(runtime, request), request, row.spreadsheet_row)
    except (RowError, NotifyError) as error:
        raise JobRowError(str(error.message if isinstance(error, NotifyError) else error)) from error
    if send is None:
        return RowOutcome(None, stored_now=False)
    await store_and_enqueue(runtime, [send])
    log.info("job.row_processed_again", job_id=str(job_id), row=row_number, notification_id=str(send.id))
    return RowOutcome(send.id, stored_now=True)

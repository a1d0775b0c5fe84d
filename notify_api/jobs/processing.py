"""Processing a job: its CSV file from S3 turned into notifications, stored and enqueued in batches.

Statuses: ``pending`` → ``in progress`` → ``finished``; or ``cancelled`` (the service is inactive, or
someone cancelled the job: a running job stops between batches), ``sending limits exceeded`` (the whole
job would pass today's limit) or ``error`` (the file is missing or cannot be sent; no row is sent).

Every row is checked before the first is stored, so one bad row stops the whole job. Rows are stored in
order, a batch per transaction, so after a crash the job resumes after the highest row stored
(``process_incomplete_job``), and storing a batch again stores nothing twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Final

from notify_api.enums import KEY_TYPE_NORMAL
from notify_api.errors import NotifyError
from notify_api.jobs import queries
from notify_api.jobs.csv_file import CsvFileError, read_csv
from notify_api.jobs.files import read_job_file
from notify_api.jobs.types import CANCELLED, ERROR, FINISHED, IN_PROGRESS, SENDING_LIMITS_EXCEEDED, JobRecord
from notify_api.logging import get_logger
from notify_api.notifications.sending.job_rows import (
    RowError,
    check_row,
    prepare_job,
    store_and_enqueue,
    with_row,
)
from notify_api.notifications.sending.limits import count_job_within_daily_limit, give_back_many
from notify_api.notifications.sending.request import Origin, Send, SendRequest
from notify_api.runtime import Runtime
from notify_api.services.queries.reads import get_service_summary
from notify_api.services.types import ServiceSummary
from notify_api.timeutils import utc_now

log = get_logger(__name__)

PROCESS_JOB: Final = "process-job"
PROCESS_INCOMPLETE_JOBS: Final = "process-incomplete-jobs"

# Asked between batches: True stops the job (it was cancelled). The actor adds dramatiq-abort's signal.
StopCheck = Callable[[], Awaitable[bool]]


async def process_job(
    runtime: Runtime,
    job_id: uuid.UUID,
    sender_id: uuid.UUID | None = None,
    *,
    stop: StopCheck | None = None,
    batch_size: int | None = None,
) -> str | None:
    """Process a pending job; returns its final status, or None if it was not pending."""
    async with runtime.database.transaction() as connection:
        if not await queries.claim_job(connection, job_id, utc_now()):
            return None
    return await _run(runtime, job_id, sender_id, resume=False, stop=stop, batch_size=batch_size)


async def process_incomplete_job(
    runtime: Runtime, job_id: uuid.UUID, *, stop: StopCheck | None = None, batch_size: int | None = None
) -> str | None:
    """Resume a job whose worker died (``check-job-status`` marked it ``error``) after its last stored row."""
    async with runtime.database.transaction() as connection:
        resumed = await queries.set_job_status(connection, job_id, IN_PROGRESS, utc_now(), only_from=(ERROR,))
    if not resumed:
        return None
    return await _run(runtime, job_id, None, resume=True, stop=stop, batch_size=batch_size)


async def process_missing_rows(runtime: Runtime, job_id: uuid.UUID) -> int:
    """Store and enqueue the rows of a finished job that are not stored (rows trial mode drops stay dropped);
    returns how many rows were stored."""
    async with runtime.database.read() as connection:
        job = await queries.get_job_by_id(connection, job_id)
        assert job is not None
        service = await get_service_summary(connection, job.service_id)
        stored = await queries.stored_row_numbers(connection, job_id)
    file = await read_job_file(runtime.settings, job.service_id, job_id)
    if service is None or file is None:
        return 0
    sender_id = uuid.UUID(file.metadata["sender_id"]) if file.metadata.get("sender_id") else None
    sends = await _checked_rows(runtime, job, service, file.content, sender_id)
    missing = [send for send in sends if send.request.job_row_number not in stored]
    size = runtime.settings.job_batch_size
    for start in range(0, len(missing), size):
        await store_and_enqueue(runtime, missing[start : start + size])
    if missing:
        log.warning("job.missing_rows_stored", job_id=str(job_id), rows=len(missing))
    return len(missing)


async def _finish(runtime: Runtime, job_id: uuid.UUID, status: str) -> str:
    async with runtime.database.transaction() as connection:
        await queries.set_job_status(
            connection, job_id, status, utc_now(), only_from=(IN_PROGRESS,), finished=True
        )
    log.info("job.processed", job_id=str(job_id), status=status)
    return status


async def _run(
    runtime: Runtime,
    job_id: uuid.UUID,
    sender_id: uuid.UUID | None,
    *,
    resume: bool,
    stop: StopCheck | None,
    batch_size: int | None,
) -> str:
    batch_size = batch_size or runtime.settings.job_batch_size
    async with runtime.database.read() as connection:
        job = await queries.get_job_by_id(connection, job_id)
        assert job is not None
        service = await get_service_summary(connection, job.service_id)
        start_after = await queries.highest_stored_row(connection, job_id) if resume else -1
    if service is None or not service.active:
        return await _finish(runtime, job_id, CANCELLED)
    file = await read_job_file(runtime.settings, job.service_id, job_id)
    if file is None:
        log.error("job.file_missing", job_id=str(job_id))
        return await _finish(runtime, job_id, ERROR)
    if sender_id is None and file.metadata.get("sender_id"):
        sender_id = uuid.UUID(file.metadata["sender_id"])
    try:
        sends = await _checked_rows(runtime, job, service, file.content, sender_id)
    except (CsvFileError, RowError, NotifyError) as error:
        log.warning("job.refused", job_id=str(job_id), reason=str(error))
        return await _finish(runtime, job_id, ERROR)
    counted = not resume and runtime.settings.redis_enabled
    if counted and not await count_job_within_daily_limit(
        runtime.redis, service, job.template_type, len(sends)
    ):
        return await _finish(runtime, job_id, SENDING_LIMITS_EXCEEDED)
    remaining = [send for send in sends if (send.request.job_row_number or 0) > start_after]
    for start in range(0, len(remaining), batch_size):
        if await _stopped(runtime, job_id, stop):
            if counted:
                await give_back_many(runtime.redis, service.id, job.template_type, len(remaining) - start)
            log.info("job.cancelled", job_id=str(job_id), rows_stored=start)
            return CANCELLED
        await store_and_enqueue(runtime, remaining[start : start + batch_size])
    return await _finish(runtime, job_id, FINISHED)


async def _stopped(runtime: Runtime, job_id: uuid.UUID, stop: StopCheck | None) -> bool:
    """Between batches: was the job cancelled? Also the job's heartbeat (``updated_at``), by which
    ``check-job-status`` tells a job still being processed from one whose worker died."""
    if stop is not None and await stop():
        return True
    async with runtime.database.autocommit() as connection:
        return await queries.touch_job(connection, job_id, utc_now()) == CANCELLED


async def _checked_rows(
    runtime: Runtime, job: JobRecord, service: ServiceSummary, content: bytes, sender_id: uuid.UUID | None
) -> list[Send]:
    csv_file = read_csv(content, job.template_type)
    base = SendRequest(
        origin=Origin.JOB,
        service=service,
        notification_type=job.template_type,
        template_id=job.template_id,
        personalisation={},
        key_type=KEY_TYPE_NORMAL,
        sender_id=sender_id,
        created_by_id=job.created_by_id,
        job_id=job.id,
    )
    first = csv_file.rows[0]
    prepared = await prepare_job(runtime, with_row(base, first.index, first.recipient, first.personalisation))
    sends = []
    for row in csv_file.rows:
        send = await check_row(
            prepared, with_row(base, row.index, row.recipient, row.personalisation), row.spreadsheet_row
        )
        if send is not None:
            sends.append(send)
    return sends

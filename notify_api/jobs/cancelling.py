"""Cancelling a job: a scheduled job until its time comes, and (beyond the original) a job being processed,
which stops between batches with every row it stored kept as it was; and a finished letter job, all its
letters at once, until its print run starts (``cancel-letter-job``)."""

from __future__ import annotations

import uuid
from typing import Final

from notify_api.enums import CANCELLED as NOTIFICATION_CANCELLED
from notify_api.enums import (
    CREATED,
    LETTER,
    PENDING_VIRUS_CHECK,
    TECHNICAL_FAILURE,
    VALIDATION_FAILED,
    VIRUS_SCAN_FAILED,
)
from notify_api.errors import NotFoundError
from notify_api.jobs import queries
from notify_api.jobs.types import CANCELLED, FINISHED, IN_PROGRESS, PENDING, JobRecord
from notify_api.letters.cancelling import printing_started
from notify_api.runtime import Runtime
from notify_api.tasks.abort import abort_message
from notify_api.timeutils import utc_now


async def cancel_job(runtime: Runtime, service_id: uuid.UUID, job_id: uuid.UUID) -> JobRecord:
    now = utc_now()
    async with runtime.database.transaction() as connection:
        cancelled = await queries.cancel_scheduled_job(connection, service_id, job_id, now)
        if not cancelled:
            job = await queries.get_job(connection, service_id, job_id, with_statistics=False)
            if job is None or job.job_status not in (PENDING, IN_PROGRESS):
                raise NotFoundError()
            await queries.set_job_status(connection, job_id, CANCELLED, now, only_from=(PENDING, IN_PROGRESS))
        job = await queries.get_job(connection, service_id, job_id)
    assert job is not None
    # Its process-job message (id: the job's id) is skipped if still queued, stopped if running.
    await abort_message(runtime.settings.redis_url, str(job_id))
    return job


class LetterJobNotCancellable(Exception):
    """The letter job cannot be cancelled; the message says why, in the admin's words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


NOT_A_LETTER_JOB: Final = "Only letter jobs can be cancelled through this endpoint. This is not a letter job."
STILL_PROCESSING: Final = "We are still processing these letters, please try again in a minute."
ALREADY_SENT: Final = "It’s too late to cancel sending, these letters have already been sent."
# Letters in these statuses are not on their way to the printer.
CANCELLABLE_JOB_LETTER_STATUSES: Final = frozenset(
    {
        CREATED,
        NOTIFICATION_CANCELLED,
        VIRUS_SCAN_FAILED,
        VALIDATION_FAILED,
        TECHNICAL_FAILURE,
        PENDING_VIRUS_CHECK,
    }
)


async def cancel_letter_job(runtime: Runtime, service_id: uuid.UUID, job_id: uuid.UUID) -> int:
    """Cancel every letter of a finished letter job before its print run; the number of letters cancelled.

    Every row of the job must be stored and none taken for printing: the job's letters are locked while
    they are checked, so the print run cannot take one between the check and the cancelling.
    """
    now = utc_now()
    async with runtime.database.unit_of_work() as work:
        job = await queries.get_job(
            work.connection, service_id, job_id, with_statistics=False, for_update=True
        )
        if job is None:
            raise NotFoundError()
        if job.template_type != LETTER:
            raise LetterJobNotCancellable(NOT_A_LETTER_JOB)
        statuses = await queries.lock_job_letter_statuses(work.connection, job_id)
        if job.job_status != FINISHED or len(statuses) != job.notification_count:
            raise LetterJobNotCancellable(STILL_PROCESSING)
        cancellable = sum(1 for status in statuses if status in CANCELLABLE_JOB_LETTER_STATUSES)
        if cancellable != job.notification_count or printing_started(job.created_at, now):
            raise LetterJobNotCancellable(ALREADY_SENT)
        cancelled = await queries.cancel_job_letters(work.connection, job_id, now)
        await queries.set_job_status(work.connection, job_id, CANCELLED, now)
    return cancelled

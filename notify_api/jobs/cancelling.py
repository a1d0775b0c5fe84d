"""Cancelling a job: a scheduled job until its time comes, and (beyond the original) a job being processed,
which stops between batches with every row it stored kept as it was."""

from __future__ import annotations

import uuid

from notify_api.errors import NotFoundError
from notify_api.jobs import queries
from notify_api.jobs.types import CANCELLED, IN_PROGRESS, PENDING, JobRecord
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

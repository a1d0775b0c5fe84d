"""The periodic job tasks: starting scheduled jobs, and finding jobs a crash left half done.

- ``run-scheduled-jobs`` (every minute): due scheduled jobs become pending and get their ``process-job``.
- ``check-job-status`` (every minute): a job in progress with no heartbeat for ``STALLED_AFTER`` (its worker
  died), or pending that long (its message was lost), is set to ``error`` and ``process-incomplete-jobs``
  resumes it after its highest stored row.
- ``check-for-missing-rows-in-completed-jobs`` (every 10 minutes): jobs finished 20 minutes to a day ago with
  fewer rows stored than the file has get the missing ones.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Final

from notify_api.jobs import queries
from notify_api.jobs.creating import enqueue_process_job
from notify_api.jobs.processing import PROCESS_INCOMPLETE_JOBS, process_missing_rows
from notify_api.logging import get_logger
from notify_api.runtime import Runtime
from notify_api.tasks import queues
from notify_api.timeutils import utc_now

log = get_logger(__name__)

STALLED_AFTER: Final = timedelta(minutes=5)  # a batch takes well under a second; a heartbeat per batch
MISSING_ROWS_FROM: Final = timedelta(days=1)
MISSING_ROWS_UNTIL: Final = timedelta(minutes=20)


async def run_scheduled_jobs(runtime: Runtime, *, now: datetime | None = None) -> list[uuid.UUID]:
    async with runtime.database.transaction() as connection:
        due = await queries.due_scheduled_jobs(connection, now or utc_now())
    for job_id in due:
        await enqueue_process_job(runtime, job_id)
    return due


async def check_job_status(runtime: Runtime, *, now: datetime | None = None) -> list[uuid.UUID]:
    async with runtime.database.transaction() as connection:
        stalled = await queries.mark_stalled_jobs(connection, (now or utc_now()) - STALLED_AFTER)
    if stalled:
        log.warning("job.stalled", count=len(stalled))
        await runtime.tasks.enqueue(PROCESS_INCOMPLETE_JOBS, queues.JOBS, [str(job_id) for job_id in stalled])
    return stalled


async def check_for_missing_rows(runtime: Runtime, *, now: datetime | None = None) -> int:
    now = now or utc_now()
    async with runtime.database.read() as connection:
        finished = await queries.jobs_short_of_rows(
            connection, now - MISSING_ROWS_FROM, now - MISSING_ROWS_UNTIL
        )
    stored = 0
    for job_id in finished:
        stored += await process_missing_rows(runtime, job_id)
    return stored

"""The job actors on job-tasks (``process-job``, ``process-incomplete-jobs``) and the periodic job tasks.

The work is in ``notify_api.jobs.processing`` and ``notify_api.jobs.recovery``. None is retried by Dramatiq:
a job that stops half way is found by ``check-job-status`` and resumed after its highest stored row.
"""

from __future__ import annotations

import uuid

import dramatiq

from notify_api.jobs import processing, recovery
from notify_api.tasks import queues
from notify_workers.broker import abort_was_requested, queue_name
from notify_workers.runtime import worker_runtime


# The message id is the job's id (notify_api.jobs.creating), which is how cancelling a job aborts it.
@dramatiq.actor(
    actor_name=processing.PROCESS_JOB, queue_name=queue_name(queues.JOBS), max_retries=0, abortable=True
)
async def process_job(job_id: str, sender_id: str | None = None) -> None:
    await processing.process_job(
        worker_runtime(),
        uuid.UUID(job_id),
        uuid.UUID(sender_id) if sender_id else None,
        stop=lambda: abort_was_requested(job_id),
    )


@dramatiq.actor(
    actor_name=processing.PROCESS_INCOMPLETE_JOBS, queue_name=queue_name(queues.JOBS), max_retries=0
)
async def process_incomplete_jobs(job_ids: list[str]) -> None:
    for job_id in job_ids:
        await processing.process_incomplete_job(worker_runtime(), uuid.UUID(job_id))


@dramatiq.actor(actor_name="run-scheduled-jobs", queue_name=queue_name(queues.PERIODIC), max_retries=0)
async def run_scheduled_jobs() -> None:
    await recovery.run_scheduled_jobs(worker_runtime())


@dramatiq.actor(actor_name="check-job-status", queue_name=queue_name(queues.PERIODIC), max_retries=0)
async def check_job_status() -> None:
    await recovery.check_job_status(worker_runtime())


@dramatiq.actor(
    actor_name="check-for-missing-rows-in-completed-jobs",
    queue_name=queue_name(queues.PERIODIC),
    max_retries=0,
)
async def check_for_missing_rows_in_completed_jobs() -> None:
    await recovery.check_for_missing_rows(worker_runtime())

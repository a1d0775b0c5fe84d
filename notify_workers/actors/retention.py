"""Nightly retention: ``delete-inbound-sms`` (01:40), ``delete-notifications-older-than-retention`` (03:00),
``remove_sms_email_jobs`` (04:00) and ``remove_letter_jobs`` (04:20), London time.

Each works in short batches and can be stopped at any point: the next run finishes what it left.
"""

from __future__ import annotations

import dramatiq

from notify_api.retention.inbound import delete_inbound_sms_older_than_retention
from notify_api.retention.jobs import LETTERS, SMS_AND_EMAIL, remove_jobs_past_retention
from notify_api.retention.notifications import RetentionReport, delete_notifications_older_than_retention
from notify_api.runtime import Runtime
from notify_api.tasks import queues
from notify_workers.broker import queue_name
from notify_workers.runtime import worker_runtime

# A night's retention can take minutes: no time limit (Dramatiq's default is 10 minutes), and no retry
# (tomorrow's run picks up whatever is left).
_MAX_RETRIES = 0
_TIME_LIMIT_MS = 6 * 60 * 60 * 1000


async def run_notification_retention(runtime: Runtime) -> RetentionReport:
    return await delete_notifications_older_than_retention(runtime.database, runtime.settings)


async def run_inbound_retention(runtime: Runtime) -> int:
    return await delete_inbound_sms_older_than_retention(runtime.database)


async def run_sms_email_job_retention(runtime: Runtime) -> int:
    return await remove_jobs_past_retention(runtime.database, runtime.settings, SMS_AND_EMAIL)


async def run_letter_job_retention(runtime: Runtime) -> int:
    return await remove_jobs_past_retention(runtime.database, runtime.settings, LETTERS)


@dramatiq.actor(
    actor_name="delete-notifications-older-than-retention",
    queue_name=queue_name(queues.REPORTING),
    max_retries=_MAX_RETRIES,
    time_limit=_TIME_LIMIT_MS,
)
async def delete_notifications_older_than_retention_task() -> None:
    await run_notification_retention(worker_runtime())


@dramatiq.actor(
    actor_name="delete-inbound-sms",
    queue_name=queue_name(queues.PERIODIC),
    max_retries=_MAX_RETRIES,
    time_limit=_TIME_LIMIT_MS,
)
async def delete_inbound_sms_task() -> None:
    await run_inbound_retention(worker_runtime())


@dramatiq.actor(
    actor_name="remove_sms_email_jobs",
    queue_name=queue_name(queues.PERIODIC),
    max_retries=_MAX_RETRIES,
    time_limit=_TIME_LIMIT_MS,
)
async def remove_sms_email_jobs_task() -> None:
    await run_sms_email_job_retention(worker_runtime())


@dramatiq.actor(
    actor_name="remove_letter_jobs",
    queue_name=queue_name(queues.PERIODIC),
    max_retries=_MAX_RETRIES,
    time_limit=_TIME_LIMIT_MS,
)
async def remove_letter_jobs_task() -> None:
    await run_letter_job_retention(worker_runtime())

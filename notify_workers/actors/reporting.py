"""The nightly facts from the scheduler: ``create-nightly-billing`` (00:15),
``create-nightly-notification-status`` (00:30) and ``save-daily-notification-processing-time`` (02:00),
London time.

Each day is built in its own transaction, so a failure on one day keeps the days already built.
"""

from __future__ import annotations

from datetime import timedelta

import dramatiq

from notify_api.logging import get_logger
from notify_api.reporting import facts
from notify_api.runtime import Runtime
from notify_api.tasks import queues
from notify_api.timeutils import london_today
from notify_workers.broker import queue_name
from notify_workers.runtime import worker_runtime

log = get_logger(__name__)


async def create_nightly_notification_status_facts(runtime: Runtime) -> None:
    for day, types in facts.nightly_status_days():
        async with runtime.database.unit_of_work() as work:
            rows = await facts.build_status_day(work.connection, day, types)
        log.info("ft_notification_status.built", day=day.isoformat(), types=types, rows=rows)


async def create_nightly_billing_facts(runtime: Runtime) -> None:
    for day in facts.nightly_billing_days():
        async with runtime.database.unit_of_work() as work:
            rows = await facts.build_billing_day(work.connection, day)
        log.info("ft_billing.built", day=day.isoformat(), rows=rows)


async def save_processing_time_facts(runtime: Runtime) -> None:
    yesterday = london_today() - timedelta(days=1)
    async with runtime.database.unit_of_work() as work:
        await facts.build_processing_time_day(work.connection, yesterday)
    log.info("ft_processing_time.built", day=yesterday.isoformat())


@dramatiq.actor(
    actor_name="create-nightly-notification-status", queue_name=queue_name(queues.REPORTING), max_retries=0
)
async def create_nightly_notification_status() -> None:
    await create_nightly_notification_status_facts(worker_runtime())


@dramatiq.actor(actor_name="create-nightly-billing", queue_name=queue_name(queues.REPORTING), max_retries=0)
async def create_nightly_billing() -> None:
    await create_nightly_billing_facts(worker_runtime())


@dramatiq.actor(
    actor_name="save-daily-notification-processing-time",
    queue_name=queue_name(queues.PERIODIC),
    max_retries=0,
)
async def save_daily_notification_processing_time() -> None:
    await save_processing_time_facts(worker_runtime())

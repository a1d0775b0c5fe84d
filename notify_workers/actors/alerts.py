"""The periodic checks that raise operator alerts (London time, as the original ran them):
``check-if-letters-still-in-created`` (weekdays 07:00), ``check-if-letters-still-pending-virus-check``
(weekdays 09:00 and 15:00), ``check-for-services-with-high-failure-rates-or-sending-to-tv-numbers``
(weekdays 10:30), ``raise-alert-if-letter-notifications-still-sending`` (15:30) and
``raise-alert-if-no-letter-ack-file`` (23:00)."""

from __future__ import annotations

import dramatiq

from notify_api.alerts.ack_files import check_letter_ack_files
from notify_api.alerts.checks import (
    check_failure_rates_and_tv_numbers,
    check_letters_pending_virus_check,
    check_letters_still_created,
    check_letters_still_sending,
)
from notify_api.tasks import queues
from notify_workers.broker import queue_name
from notify_workers.runtime import worker_runtime


@dramatiq.actor(
    actor_name="check-if-letters-still-in-created", queue_name=queue_name(queues.PERIODIC), max_retries=0
)
async def check_if_letters_still_in_created() -> None:
    runtime = worker_runtime()
    await check_letters_still_created(runtime.database, runtime.settings, runtime.redis)


@dramatiq.actor(
    actor_name="check-if-letters-still-pending-virus-check",
    queue_name=queue_name(queues.PERIODIC),
    max_retries=0,
)
async def check_if_letters_still_pending_virus_check() -> None:
    runtime = worker_runtime()
    await check_letters_pending_virus_check(runtime.database, runtime.settings, runtime.redis)


@dramatiq.actor(
    actor_name="check-for-services-with-high-failure-rates-or-sending-to-tv-numbers",
    queue_name=queue_name(queues.PERIODIC),
    max_retries=0,
)
async def check_for_services_with_high_failure_rates_or_sending_to_tv_numbers() -> None:
    runtime = worker_runtime()
    await check_failure_rates_and_tv_numbers(runtime.database, runtime.settings, runtime.redis)


@dramatiq.actor(
    actor_name="raise-alert-if-letter-notifications-still-sending",
    queue_name=queue_name(queues.PERIODIC),
    max_retries=0,
)
async def raise_alert_if_letter_notifications_still_sending() -> None:
    runtime = worker_runtime()
    await check_letters_still_sending(runtime.database, runtime.settings, runtime.redis)


@dramatiq.actor(
    actor_name="raise-alert-if-no-letter-ack-file", queue_name=queue_name(queues.PERIODIC), max_retries=0
)
async def raise_alert_if_no_letter_ack_file() -> None:
    runtime = worker_runtime()
    await check_letter_ack_files(runtime.settings, runtime.redis)

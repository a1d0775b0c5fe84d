"""The print run and DVLA's answers: ``collate-letter-pdfs-to-be-sent`` (scheduled 17:50 London),
``update-letter-notifications-statuses`` and ``record-daily-sorted-counts`` (one message each per response
file, sent by ``POST /notifications/letter/dvla``). The work is in ``notify_api.printing``.

The print run is not retried: a failed zip raises an alert and an operator runs the task again. A response
file announced before it can be read is retried a few times, a minute apart.
"""

from __future__ import annotations

from typing import Final

import dramatiq

from notify_api.printing import collation, responses
from notify_api.tasks import queues
from notify_workers.broker import queue_name
from notify_workers.retry import RetryLater, RetryPolicy
from notify_workers.runtime import worker_runtime

RESPONSE_FILE_RETRIES: Final = RetryPolicy(max_retries=5, delay_ms=60_000, first_delay_ms=60_000)


@dramatiq.actor(
    actor_name=collation.COLLATE_LETTER_PDFS, queue_name=queue_name(queues.PERIODIC), max_retries=0
)
async def collate_letter_pdfs_to_be_sent() -> None:
    await collation.collate_letter_pdfs_to_be_sent(worker_runtime())


@dramatiq.actor(
    actor_name=responses.UPDATE_LETTER_STATUSES,
    queue_name=queue_name(queues.NOTIFY_INTERNAL),
    **RESPONSE_FILE_RETRIES.actor_options(),
)
async def update_letter_notifications_statuses(file_name: str) -> None:
    try:
        await responses.update_letter_notifications_statuses(worker_runtime(), file_name)
    except responses.ResponseFileMissing as error:
        raise RetryLater(f"response file not in the bucket: {error}") from error


@dramatiq.actor(
    actor_name=responses.RECORD_DAILY_SORTED_COUNTS,
    queue_name=queue_name(queues.NOTIFY_INTERNAL),
    **RESPONSE_FILE_RETRIES.actor_options(),
)
async def record_daily_sorted_counts(file_name: str) -> None:
    try:
        await responses.record_daily_sorted_counts(worker_runtime(), file_name)
    except responses.ResponseFileMissing as error:
        raise RetryLater(f"response file not in the bucket: {error}") from error

"""``delete-notifications-older-than-retention``: per service and type, rows older than the service's
retention (default 7 days, counted from London midnight) move to ``notification_history``;
test-key rows are deleted.

Letters still on their way to print stay. A completed letter's PDF is deleted from S3 before its row leaves,
so a crash in between leaves a row whose PDF is gone (deleted again, harmlessly, next time), never a PDF
nobody can find.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Final

from notify_api.db.database import Database
from notify_api.enums import COMPLETED_STATUSES, KEY_TYPE_TEST, LETTER, NOTIFICATION_TYPES
from notify_api.letters.stored import letter_pdf_key
from notify_api.logging import get_logger
from notify_api.retention.queries import (
    delete_test_key_batch,
    letters_to_clear,
    move_batch_to_history,
    retention_by_service,
)
from notify_api.settings import Settings
from notify_api.storage import ObjectStore
from notify_api.timeutils import london_midnight_utc, london_today, utc_now

log = get_logger(__name__)

LETTER_BATCH_SIZE: Final = 1_000  # S3 deletes up to 1,000 objects per request


@dataclass
class RetentionReport:
    moved: int = 0
    deleted: int = 0
    pdfs_deleted: int = 0
    by_type: dict[str, int] = field(default_factory=dict)


def retention_cutoff(days: int, now: datetime | None = None) -> datetime:
    """Rows created before this naive-UTC instant are past a retention of ``days`` days."""
    return london_midnight_utc(london_today(now) - timedelta(days=days))


async def delete_notifications_older_than_retention(
    database: Database,
    settings: Settings,
    *,
    now: datetime | None = None,
    notification_types: tuple[str, ...] = NOTIFICATION_TYPES,
    batch_size: int | None = None,
) -> RetentionReport:
    batch_size = batch_size or settings.retention_batch_size
    report = RetentionReport()
    moment = now or utc_now()
    for notification_type in notification_types:
        async with database.read() as connection:
            periods = await retention_by_service(connection, notification_type)
        before = report.moved + report.deleted
        for period in periods:
            cutoff = retention_cutoff(period.days, moment)
            if notification_type == LETTER:
                await _clear_letters(database, settings, period.service_id, cutoff, report)
            else:
                await _clear(database, period.service_id, notification_type, cutoff, batch_size, report)
        report.by_type[notification_type] = report.moved + report.deleted - before
        log.info(
            "retention.notifications_cleared",
            notification_type=notification_type,
            count=report.by_type[notification_type],
        )
    return report


async def _clear(
    database: Database,
    service_id: uuid.UUID,
    notification_type: str,
    cutoff: datetime,
    batch_size: int,
    report: RetentionReport,
) -> None:
    while True:
        # one transaction per batch: locks are held for one statement, a kill loses at most this batch's work
        async with database.transaction() as connection:
            moved = await move_batch_to_history(
                connection,
                service_id=service_id,
                notification_type=notification_type,
                cutoff=cutoff,
                limit=batch_size,
            )
        report.moved += moved
        if moved < batch_size:
            break
    while True:
        async with database.transaction() as connection:
            deleted = await delete_test_key_batch(
                connection,
                service_id=service_id,
                notification_type=notification_type,
                cutoff=cutoff,
                limit=batch_size,
            )
        report.deleted += deleted
        if deleted < batch_size:
            break


async def _clear_letters(
    database: Database, settings: Settings, service_id: uuid.UUID, cutoff: datetime, report: RetentionReport
) -> None:
    store = ObjectStore(settings)
    after: uuid.UUID | None = None
    while True:
        async with database.read() as connection:
            letters = await letters_to_clear(
                connection, service_id=service_id, cutoff=cutoff, limit=LETTER_BATCH_SIZE, after=after
            )
        if not letters:
            return
        after = letters[-1].id
        # letters that never reached the print bucket (failed checks) have no PDF there to delete
        keys = [
            letter_pdf_key(letter) for letter in letters if letter.notification_status in COMPLETED_STATUSES
        ]
        await store.delete_many(settings.letters_pdf_bucket, keys)
        report.pdfs_deleted += len(keys)
        tested = [letter.id for letter in letters if letter.key_type == KEY_TYPE_TEST]
        kept = [letter.id for letter in letters if letter.key_type != KEY_TYPE_TEST]
        async with database.transaction() as connection:
            report.moved += await move_batch_to_history(
                connection,
                service_id=service_id,
                notification_type=LETTER,
                cutoff=cutoff,
                limit=len(kept),
                ids=kept,
            )
            report.deleted += await delete_test_key_batch(
                connection,
                service_id=service_id,
                notification_type=LETTER,
                cutoff=cutoff,
                limit=len(tested),
                ids=tested,
            )

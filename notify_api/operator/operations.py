"""What the data-repair operator commands do, apart from reading their options (see ``commands.py``)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Final

from notify_api.crypto import Encryption
from notify_api.db.database import Database
from notify_api.letters.processing import GET_PDF_FOR_TEMPLATED_LETTER
from notify_api.operator.queries import (
    archive_jobs_created_between,
    count_jobs_created_between,
    has_delivery_status_callback,
    insert_inbound_numbers,
    insert_provider_rate,
    letter_exists,
    notification_ids_by_client_reference,
    provider_id_by_identifier,
    set_billable_units,
    sms_without_billable_units,
)
from notify_api.receipts.operations import SEND_DELIVERY_STATUS
from notify_api.rendering import sms_fragment_count, sms_text
from notify_api.tasks.enqueue import TaskQueue
from notify_api.tasks.queues import CREATE_LETTERS_PDF, SERVICE_CALLBACKS
from notify_api.timeutils import london_midnight_utc

Echo = Callable[[str], None]
INBOUND_NUMBER_PROVIDER: Final = "mmg"  # the original's inbound numbers all came from MMG
_BATCH: Final = 1000


class CommandError(Exception):
    """A command refused its input; the message says why."""


def read_lines(lines: Iterable[str]) -> list[str]:
    """Non-blank lines, stripped, in order."""
    return [line.strip() for line in lines if line.strip()]


async def add_inbound_numbers(database: Database, numbers: list[str]) -> int:
    async with database.transaction() as connection:
        return await insert_inbound_numbers(connection, numbers, INBOUND_NUMBER_PROVIDER)


async def add_provider_rate(database: Database, provider: str, cost: Decimal, valid_from: datetime) -> None:
    async with database.transaction() as connection:
        provider_id = await provider_id_by_identifier(connection, provider)
        if provider_id is None:
            raise CommandError(f"No provider named {provider!r}")
        await insert_provider_rate(connection, provider_id, cost, valid_from)


@dataclass
class CallbackReplay:
    queued: list[uuid.UUID] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


async def replay_service_callbacks(
    database: Database, tasks: TaskQueue, service_id: uuid.UUID, references: list[str], *, dry_run: bool
) -> CallbackReplay:
    """Queue the delivery-status callback again for the service's notifications with these client references.

    Nothing is queued when the service has no callback or when any reference is unknown (the operator fixes
    the file and runs it again), as in the original.
    """
    async with database.read() as connection:
        if not await has_delivery_status_callback(connection, service_id):
            raise CommandError(f"Callback api was not found for service: {service_id}")
        found = await notification_ids_by_client_reference(connection, service_id, references)
    replay = CallbackReplay(missing=[reference for reference in references if reference not in found])
    if replay.missing:
        return replay
    replay.queued = [notification_id for reference in references for notification_id in found[reference]]
    if not dry_run:
        for notification_id in replay.queued:
            await tasks.enqueue(SEND_DELIVERY_STATUS, SERVICE_CALLBACKS, str(notification_id))
    return replay


async def replay_letter_pdf(database: Database, tasks: TaskQueue, notification_id: uuid.UUID) -> None:
    async with database.read() as connection:
        if not await letter_exists(connection, notification_id):
            raise CommandError(f"No letter with id {notification_id}")
    await tasks.enqueue(GET_PDF_FOR_TEMPLATED_LETTER, CREATE_LETTERS_PDF, str(notification_id))


def london_days(start: date, end: date) -> list[tuple[datetime, datetime]]:
    """Each London day from ``start`` to ``end`` inclusive, as naive-UTC [from, to) pairs."""
    days = []
    day = start
    while day <= end:
        days.append((london_midnight_utc(day), london_midnight_utc(day + timedelta(days=1))))
        day += timedelta(days=1)
    return days


async def archive_jobs_between(
    database: Database, start: date, end: date, *, dry_run: bool, echo: Echo
) -> int:
    """Mark as archived the jobs created on London days ``start`` to ``end``, one day per transaction."""
    total = 0
    for day_start, day_end in london_days(start, end):
        if dry_run:
            async with database.read() as connection:
                count = await count_jobs_created_between(connection, day_start, day_end)
        else:
            async with database.transaction() as connection:
                count = await archive_jobs_created_between(connection, day_start, day_end)
        total += count
        echo(f"{day_start:%Y-%m-%d %H:%M} to {day_end:%Y-%m-%d %H:%M} UTC: {count} jobs")
    return total


async def fix_billable_units(database: Database, encryption: Encryption, *, dry_run: bool, echo: Echo) -> int:
    """Count the fragments of live texts that were never sent and have 0 billable units, as a send would."""
    fixed = 0
    while True:
        async with database.transaction() as connection:
            batch = await sms_without_billable_units(connection, _BATCH)
            for message in batch:
                values = encryption.decrypt_json(message.personalisation) if message.personalisation else {}
                prefix = message.service_name if message.prefix_sms else None
                units = max(1, sms_fragment_count(sms_text(message.content, values, prefix=prefix)))
                if not dry_run:
                    await set_billable_units(connection, message.id, units)
        fixed += len(batch)
        if dry_run or len(batch) < _BATCH:
            break
    echo(f"{'would fix' if dry_run else 'fixed'} {fixed} text message(s)")
    return fixed

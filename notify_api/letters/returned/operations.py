"""Returned letters: ``process-returned-letters-list`` and what the admin's returned-letter pages show."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any, Final

from notify_api.letters.returned import queries
from notify_api.logging import get_logger
from notify_api.runtime import Runtime
from notify_api.timeutils import london_midnight_utc, london_today, utc_now

log = get_logger(__name__)

PROCESS_RETURNED_LETTERS_LIST: Final = "process-returned-letters-list"
BATCH_SIZE: Final = 1000
RECENT_DAYS: Final = 7  # the dashboard counts letters reported in the last week
DATE_FORMAT: Final = "%Y-%m-%d"
DATETIME_FORMAT_NO_TIMEZONE: Final = "%Y-%m-%d %H:%M:%S.%f"

REFERENCES_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "properties": {
        "references": {
            "type": "array",
            "items": {"type": "string", "pattern": "^[0-9A-Z]{16}$"},
            "minItems": 1,
        },
    },
    "required": ["references"],
}


async def process_returned_letters_list(runtime: Runtime, references: list[str]) -> tuple[int, int]:
    """Mark the letters returned and record them as reported today (UTC day, as the original)."""
    now = utc_now()
    updated = updated_history = 0
    async with runtime.database.unit_of_work() as work:
        # In slices, so that a long list stays within what one statement can carry.
        for start in range(0, len(references), BATCH_SIZE):
            batch = references[start : start + BATCH_SIZE]
            live, history = await queries.mark_returned(work.connection, batch, now)
            await queries.record_returned(work.connection, [*live, *history], now.date(), now)
            updated, updated_history = updated + len(live), updated_history + len(history)
    log.info("letters.returned", updated=updated, updated_history=updated_history, references=len(references))
    return updated, updated_history


def _midnight_days_ago(days: int) -> datetime:
    return london_midnight_utc(london_today() - timedelta(days=days))


def _as_datetime_text(day: date) -> str:
    # The admin reads the day as a timestamp at midnight.
    return datetime.combine(day, datetime.min.time()).strftime(DATETIME_FORMAT_NO_TIMEZONE)


async def returned_letter_statistics(runtime: Runtime, service_id: uuid.UUID) -> dict[str, Any]:
    async with runtime.database.read() as connection:
        most_recent = await queries.most_recent_report(connection, service_id)
        if most_recent is None:
            return {"returned_letter_count": 0, "most_recent_report": None}
        since = _midnight_days_ago(RECENT_DAYS)
        count = 0
        if datetime.combine(most_recent, datetime.min.time()) >= since:
            count = await queries.count_reported_after(connection, service_id, since)
    return {"returned_letter_count": count, "most_recent_report": _as_datetime_text(most_recent)}


async def returned_letter_summary(runtime: Runtime, service_id: uuid.UUID) -> list[dict[str, Any]]:
    async with runtime.database.read() as connection:
        found = await queries.summary(connection, service_id)
    return [
        {"returned_letter_count": count, "reported_at": day.strftime(DATE_FORMAT)} for count, day in found
    ]


def _letter_json(letter: queries.ReturnedLetter) -> dict[str, Any]:
    hidden = letter.template_hidden
    from_api = letter.api_key_id is not None
    return {
        "notification_id": str(letter.notification_id),
        # only letters sent through the API can have a client reference
        "client_reference": letter.client_reference if from_api else None,
        "reported_at": letter.reported_at.strftime(DATE_FORMAT),
        "created_at": letter.created_at.strftime(DATETIME_FORMAT_NO_TIMEZONE),
        # a precompiled letter's hidden template means nothing to the service
        "template_name": None if hidden else letter.template_name,
        "template_id": None if hidden else str(letter.template_id),
        "template_version": None if hidden else letter.template_version,
        "user_name": letter.user_name or "API",
        "email_address": letter.email_address or "API",
        "original_file_name": letter.original_file_name,
        "job_row_number": letter.job_row_number,
        # a letter uploaded on the admin site keeps its file name as its client reference
        "uploaded_letter_file_name": letter.client_reference if hidden and not from_api else None,
    }


async def returned_letters(
    runtime: Runtime, service_id: uuid.UUID, reported_at: date | None
) -> list[dict[str, Any]]:
    if reported_at is None:
        return []
    async with runtime.database.read() as connection:
        found = await queries.returned_on(connection, service_id, reported_at)
    return [_letter_json(letter) for letter in found]

"""Cancelling a letter before it is printed: ``POST /service/{sid}/notifications/{nid}/cancel``.

The print run takes, at 17:30 UK time, every letter created before then; from that moment those letters
can no longer be cancelled. A letter created after 17:30 waits for the next day's run, and can be
cancelled until 17:30 that day. Only letters still ``created`` or ``pending-virus-check`` (not yet taken)
can be cancelled at all. (The original's ``letter_can_be_cancelled`` / ``too_late_to_cancel_letter``.)
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta
from typing import Any, Final

from notify_api.enums import CANCELLED, CREATED, LETTER, PENDING_VIRUS_CHECK
from notify_api.errors import InvalidRequest
from notify_api.letters import queries
from notify_api.notifications.activity.operations import get_activity_notification
from notify_api.runtime import Runtime
from notify_api.timeutils import LONDON, utc_now

PRINTING_STARTS: Final = time(17, 30)
# Adding this to a UK time moves anything after 17:30 into the next day: the day of the run that takes it.
TO_PRINT_DAY: Final = timedelta(hours=6, minutes=30)
CANCELLABLE_STATUSES: Final = (CREATED, PENDING_VIRUS_CHECK)

NOT_FOUND: Final = "Notification not found"
NOT_A_LETTER: Final = "Notification cannot be cancelled - only letters can be cancelled"
ALREADY_CANCELLED: Final = "This letter has already been cancelled."
TOO_LATE: Final = "It’s too late to cancel this letter. Printing started {} at 5.30pm"


def _uk(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC).astimezone(LONDON)


def too_late_to_cancel_letter(created_at: datetime, now: datetime) -> bool:
    """True once the print run that takes a letter created at ``created_at`` has started (naive UTC)."""
    created, current = _uk(created_at), _uk(now)
    created_day, today = created.date(), current.date()
    todays_run = datetime.combine(today, PRINTING_STARTS, tzinfo=LONDON)
    if current >= todays_run and created <= todays_run:
        return True  # today's run has started and took it
    if created <= datetime.combine(created_day, PRINTING_STARTS, tzinfo=LONDON) and created_day < today:
        return True  # an earlier day's run took it
    return (today - created_day).days > 1


def letter_can_be_cancelled(status: str, created_at: datetime, now: datetime) -> bool:
    return status in CANCELLABLE_STATUSES and not too_late_to_cancel_letter(created_at, now)


def letter_print_day(created_at: datetime, now: datetime) -> str:
    """``today``, or ``on 5 January``: when printing started for a letter created at ``created_at``."""
    printed = _uk(created_at) + TO_PRINT_DAY
    if printed.date() >= _uk(now).date():
        return "today"
    return f"on {printed.day} {printed.strftime('%B')}"


def _refusal(status: str, created_at: datetime, now: datetime) -> str:
    if too_late_to_cancel_letter(created_at, now):
        return TOO_LATE.format(letter_print_day(created_at, now))
    if status == CANCELLED:
        return ALREADY_CANCELLED
    return f"We could not cancel this letter. Letter status: {status}, created_at: {created_at}"


async def cancel_letter(
    runtime: Runtime, service_id: uuid.UUID, notification_id: uuid.UUID, now: datetime | None = None
) -> dict[str, Any]:
    """Cancel the letter and return it as the admin reads a notification; 400 with the reason if it
    cannot be, 404 if the service has no such notification."""
    now = now or utc_now()
    async with runtime.database.unit_of_work() as work:
        found = await queries.lock_for_cancelling(work.connection, service_id, notification_id)
        if found is None:
            raise InvalidRequest(NOT_FOUND, 404)
        notification_type, status, created_at = found
        if notification_type != LETTER:
            raise InvalidRequest(NOT_A_LETTER, 400)
        if not letter_can_be_cancelled(status, created_at, now):
            raise InvalidRequest(_refusal(status, created_at, now), 400)
        # Locked above, so the print run cannot have taken it since; conditional all the same.
        await queries.cancel_waiting_letter(work.connection, notification_id, CANCELLABLE_STATUSES, now)
        return await get_activity_notification(
            work.connection, runtime.encryption, service_id, notification_id
        )


def printing_started(created_at: datetime, now: datetime) -> bool:
    """For a whole job of letters: has the run that takes letters created at ``created_at`` started?"""
    return not letter_can_be_cancelled(CREATED, created_at, now)

"""The periodic checks that raise operator alerts (the original's Zendesk tickets), at the original's times:
letters stuck before print, services with many permanent failures or texting TV numbers."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Final

import redis.asyncio as aioredis

from notify_api.alerts.queries import (
    count_letters_still_sending,
    letters_pending_virus_check,
    letters_still_created,
    services_sending_to_tv_numbers,
    services_with_high_failure_rates,
)
from notify_api.alerts.raising import Alert, raise_alert, record_check
from notify_api.db.database import Database
from notify_api.settings import Settings
from notify_api.timeutils import LONDON, london_today, utc_now

LETTERS_STILL_CREATED: Final = "check-if-letters-still-in-created"
LETTERS_PENDING_VIRUS_CHECK: Final = "check-if-letters-still-pending-virus-check"
HIGH_FAILURE_RATES_OR_TV_NUMBERS: Final = (
    "check-for-services-with-high-failure-rates-or-sending-to-tv-numbers"
)
LETTERS_STILL_SENDING: Final = "raise-alert-if-letter-notifications-still-sending"

PRINT_RUN_DEADLINE: Final = time(17, 30)  # London: letters created before this go in that day's print run
VIRUS_CHECK_ALLOWANCE: Final = timedelta(minutes=90)
FAILURE_WINDOW: Final = timedelta(hours=24)
FAILURE_RATE_THRESHOLD: Final = 0.25
FAILURE_RATE_MINIMUM_SENT: Final = 1000
TV_NUMBERS_THRESHOLD: Final = 500
_REFERENCES_SHOWN: Final = 50  # an alert lists this many references at most


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


async def _finish(
    settings: Settings, redis: aioredis.Redis, name: str, found: int, alert: Alert | None
) -> Alert | None:
    await record_check(redis, name, found)
    if alert is not None:
        await raise_alert(settings, redis, alert)
    return alert


async def check_letters_still_created(
    database: Database, settings: Settings, redis: aioredis.Redis, *, now: datetime | None = None
) -> Alert | None:
    """Letters created before 17:30 yesterday should have gone to print by now."""
    yesterday = london_today(now) - timedelta(days=1)
    deadline = _naive_utc(datetime.combine(yesterday, PRINT_RUN_DEADLINE, tzinfo=LONDON))
    async with database.read() as connection:
        references = await letters_still_created(connection, deadline)
    alert = None
    if references:
        alert = Alert(
            LETTERS_STILL_CREATED,
            f"{len(references)} letters were created before 17.30 yesterday and still have 'created' status.",
            len(references),
            {"references": references[:_REFERENCES_SHOWN]},
        )
    return await _finish(settings, redis, LETTERS_STILL_CREATED, len(references), alert)


async def check_letters_pending_virus_check(
    database: Database, settings: Settings, redis: aioredis.Redis, *, now: datetime | None = None
) -> Alert | None:
    """Uploaded letters should pass or fail their virus scan within 90 minutes."""
    async with database.read() as connection:
        references = await letters_pending_virus_check(connection, (now or utc_now()) - VIRUS_CHECK_ALLOWANCE)
    alert = None
    if references:
        alert = Alert(
            LETTERS_PENDING_VIRUS_CHECK,
            f"{len(references)} precompiled letters have been pending-virus-check for over 90 minutes.",
            len(references),
            {"references": references[:_REFERENCES_SHOWN]},
        )
    return await _finish(settings, redis, LETTERS_PENDING_VIRUS_CHECK, len(references), alert)


async def check_failure_rates_and_tv_numbers(
    database: Database, settings: Settings, redis: aioredis.Redis, *, now: datetime | None = None
) -> Alert | None:
    """Over the last 24 hours: a quarter or more of a live service's texts failing permanently (of at least
    1,000), or more than 500 texts to TV numbers, points at a bad list or a test against live."""
    end = now or utc_now()
    start = end - FAILURE_WINDOW
    async with database.read() as connection:
        failing = await services_with_high_failure_rates(
            connection, start, end, minimum_sent=FAILURE_RATE_MINIMUM_SENT, rate=FAILURE_RATE_THRESHOLD
        )
        tv = await services_sending_to_tv_numbers(connection, start, end, TV_NUMBERS_THRESHOLD)
    lines = [
        f"Service {service.service_id} has had a high permanent failure rate "
        f"({service.permanent_failure_rate:.2f}) for text messages in the last 24 hours"
        for service in failing
    ] + [
        f"Service {service.service_id} sent {service.count} notifications to TV numbers in the last 24 hours"
        for service in tv
    ]
    found = len(failing) + len(tv)
    alert = None
    if lines:
        details = {
            "high_failure_rates": {str(s.service_id): round(s.permanent_failure_rate, 4) for s in failing},
            "tv_numbers": {str(s.service_id): s.count for s in tv},
        }
        alert = Alert(HIGH_FAILURE_RATES_OR_TV_NUMBERS, "\n".join(lines), found, details)
    return await _finish(settings, redis, HIGH_FAILURE_RATES_OR_TV_NUMBERS, found, alert)


def expected_letter_sent_date(today: date) -> date | None:
    """Letters sent on or before this day should have a DVLA response by ``today``; None at weekends.

    Two working days: on Monday and Tuesday that reaches back over the weekend.
    """
    weekday = today.isoweekday()
    if weekday in (6, 7):
        return None
    return today - timedelta(days=4 if weekday in (1, 2) else 2)


async def check_letters_still_sending(
    database: Database, settings: Settings, redis: aioredis.Redis, *, now: datetime | None = None
) -> Alert | None:
    sent_by = expected_letter_sent_date(london_today(now))
    if sent_by is None:
        return None
    async with database.read() as connection:
        count = await count_letters_still_sending(connection, sent_by)
    alert = None
    if count:
        alert = Alert(
            LETTERS_STILL_SENDING,
            f"There are {count} letters in the 'sending' state from {sent_by:%A %d %B}",
            count,
            {"sent_on_or_before": sent_by.isoformat()},
        )
    return await _finish(settings, redis, LETTERS_STILL_SENDING, count, alert)

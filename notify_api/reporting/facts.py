"""Building the nightly facts: which London days each scheduled task rebuilds, and one day of each table.

The windows follow the original: status counts for the last 4 days of texts and emails and the last 10 of
letters (their statuses keep changing for longer), billing for yesterday and the 3 days before, processing
time for yesterday. Rebuilding a day again gives the same rows, so an operator can rerun any day.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Final

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.enums import EMAIL, LETTER, NOTIFICATION_TYPES, SMS
from notify_api.reporting.queries import facts as queries
from notify_api.timeutils import london_midnight_utc, london_today

STATUS_DAYS_BY_TYPE: Final = {SMS: 4, EMAIL: 4, LETTER: 10}
BILLING_DAYS: Final = 4


async def build_status_day(
    connection: AsyncConnection, day: date, types: Sequence[str] = NOTIFICATION_TYPES
) -> int:
    start, end = london_midnight_utc(day), london_midnight_utc(day + timedelta(days=1))
    return await queries.rebuild_status_day(connection, day=day, start=start, end=end, types=list(types))


async def build_billing_day(
    connection: AsyncConnection,
    day: date,
    types: Sequence[str] = NOTIFICATION_TYPES,
    service_id: uuid.UUID | None = None,
) -> int:
    start, end = london_midnight_utc(day), london_midnight_utc(day + timedelta(days=1))
    return await queries.upsert_billing_day(
        connection, day=day, start=start, end=end, types=list(types), service_id=service_id
    )


async def build_processing_time_day(connection: AsyncConnection, day: date) -> None:
    start, end = london_midnight_utc(day), london_midnight_utc(day + timedelta(days=1))
    await queries.upsert_processing_time_day(connection, day=day, start=start, end=end)


def nightly_status_days(today: date | None = None) -> list[tuple[date, list[str]]]:
    """(day, types) pairs, oldest first: each day once, with every type still inside its window."""
    yesterday = (today or london_today()) - timedelta(days=1)
    longest = max(STATUS_DAYS_BY_TYPE.values())
    pairs = []
    for back in range(longest - 1, -1, -1):
        types = [kind for kind, days in STATUS_DAYS_BY_TYPE.items() if back < days]
        pairs.append((yesterday - timedelta(days=back), types))
    return pairs


def nightly_billing_days(today: date | None = None) -> list[date]:
    yesterday = (today or london_today()) - timedelta(days=1)
    return [yesterday - timedelta(days=back) for back in range(BILLING_DAYS - 1, -1, -1)]

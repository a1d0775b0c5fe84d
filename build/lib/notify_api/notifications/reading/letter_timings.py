"""When a letter is expected to arrive (spec §3.4 ``estimated_delivery``).

A letter created before 17:30 UK time is printed by DVLA the next working day (Monday to Friday, not a bank
holiday); Royal Mail then delivers on its working days (Monday to Saturday, not a bank holiday) after the
postage class's transit time. The estimate is 16:00 UK time on the earliest delivery day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo

UK_TIME: Final = ZoneInfo("Europe/London")
DELIVERY_TIME_OF_DAY: Final = time(16, 0)
# Shifting by 6h30m turns "after 17:30" into "the next day" before looking for the next working day.
PROCESSING_SHIFT: Final = timedelta(hours=6, minutes=30)
SATURDAY: Final = 5

# Fewest Royal Mail working days in transit after the day of posting.
MIN_TRANSIT_DAYS: Final = {"first": 0, "second": 1, "europe": 3, "rest-of-world": 5}
DEFAULT_POSTAGE: Final = "second"

# England and Wales bank holidays, including substitute days and one-off holidays.
# Source: https://www.gov.uk/bank-holidays (bank-holidays.json, "england-and-wales"), 2020 to 2027.
# Later years need adding here; until then only weekends are non-working days for them.
ENGLAND_AND_WALES_BANK_HOLIDAYS: Final = frozenset(
    date.fromisoformat(day)
    for day in (
        "2020-01-01", "2020-04-10", "2020-04-13", "2020-05-08", "2020-05-25", "2020-08-31",
        "2020-12-25", "2020-12-28",
        "2021-01-01", "2021-04-02", "2021-04-05", "2021-05-03", "2021-05-31", "2021-08-30",
        "2021-12-27", "2021-12-28",
        "2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02", "2022-06-03",
        "2022-08-29", "2022-09-19", "2022-12-26", "2022-12-27",
        "2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08", "2023-05-29",
        "2023-08-28", "2023-12-25", "2023-12-26",
        "2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26",
        "2024-12-25", "2024-12-26",
        "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25",
        "2025-12-25", "2025-12-26",
        "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31",
        "2026-12-25", "2026-12-28",
        "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30",
        "2027-12-27", "2027-12-28",
    )
)  # fmt: skip


def is_dvla_working_day(day: date) -> bool:
    return day.weekday() < SATURDAY and day not in ENGLAND_AND_WALES_BANK_HOLIDAYS


def is_royal_mail_working_day(day: date) -> bool:
    return day.weekday() <= SATURDAY and day not in ENGLAND_AND_WALES_BANK_HOLIDAYS


def print_day(created_at: datetime) -> date:
    """The DVLA working day a letter created at ``created_at`` (naive UTC) is printed."""
    processing = created_at.replace(tzinfo=UTC).astimezone(UK_TIME) + PROCESSING_SHIFT
    day = processing.date() + timedelta(days=1)
    while not is_dvla_working_day(day):
        day += timedelta(days=1)
    return day


def earliest_delivery_day(printed_on: date, postage: str | None) -> date:
    """Collection takes one Royal Mail working day after printing, then the transit days follow."""
    remaining = 1 + MIN_TRANSIT_DAYS.get(postage or DEFAULT_POSTAGE, MIN_TRANSIT_DAYS[DEFAULT_POSTAGE])
    day = printed_on
    while remaining:
        day += timedelta(days=1)
        if is_royal_mail_working_day(day):
            remaining -= 1
    return day


def estimated_delivery(created_at: datetime, postage: str | None) -> datetime:
    """16:00 UK time on the earliest delivery day, as naive UTC like every stored timestamp."""
    day = earliest_delivery_day(print_day(created_at), postage)
    local = datetime.combine(day, DELIVERY_TIME_OF_DAY, tzinfo=UK_TIME)
    return local.astimezone(UTC).replace(tzinfo=None)

"""Estimated letter delivery (spec §3.4): DVLA prints on weekdays, Royal Mail delivers Monday to Saturday."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from notify_api.notifications.reading.letter_timings import (
    ENGLAND_AND_WALES_BANK_HOLIDAYS,
    estimated_delivery,
    print_day,
)


@pytest.mark.parametrize(
    ("created_at_utc", "printed"),
    [
        (datetime(2022, 1, 17, 17, 29), date(2022, 1, 18)),  # Monday 17:29 GMT: printed Tuesday
        (datetime(2022, 1, 17, 17, 30), date(2022, 1, 19)),  # Monday 17:30 GMT: too late, Wednesday
        (datetime(2022, 6, 13, 16, 29), date(2022, 6, 14)),  # Monday 17:29 BST
        (datetime(2022, 6, 13, 16, 30), date(2022, 6, 15)),  # Monday 17:30 BST
        (datetime(2022, 1, 21, 12, 0), date(2022, 1, 24)),  # Friday: printed Monday
        (datetime(2022, 4, 14, 12, 0), date(2022, 4, 19)),  # before Easter: Good Friday and Easter Monday
    ],
)
def test_print_day(created_at_utc: datetime, printed: date) -> None:
    assert print_day(created_at_utc) == printed


@pytest.mark.parametrize(
    ("postage", "expected"),
    [
        ("first", "2022-01-19T16:00:00"),  # printed Tue, arrives Wed
        ("second", "2022-01-20T16:00:00"),
        ("europe", "2022-01-22T16:00:00"),  # Saturday is a Royal Mail working day
        ("rest-of-world", "2022-01-25T16:00:00"),  # Sunday is not
    ],
)
def test_estimated_delivery_by_postage_in_winter(postage: str, expected: str) -> None:
    assert estimated_delivery(datetime(2022, 1, 17, 10, 0), postage).isoformat() == expected


def test_estimated_delivery_is_16_00_uk_time_in_utc_during_summer_time() -> None:
    assert estimated_delivery(datetime(2022, 6, 13, 9, 0), "second").isoformat() == "2022-06-16T15:00:00"


def test_bank_holidays_are_skipped_for_delivery() -> None:
    # Printed Friday 22 Dec 2023; Saturday 23rd collection, then Christmas and Boxing Day are skipped.
    assert estimated_delivery(datetime(2023, 12, 21, 10, 0), "second").isoformat() == "2023-12-27T16:00:00"


def test_bank_holiday_data_covers_2020_to_2027_and_never_a_weekend() -> None:
    assert {day.year for day in ENGLAND_AND_WALES_BANK_HOLIDAYS} == set(range(2020, 2028))
    assert all(day.weekday() < 5 for day in ENGLAND_AND_WALES_BANK_HOLIDAYS)
    assert date(2022, 9, 19) in ENGLAND_AND_WALES_BANK_HOLIDAYS  # a one-off: the State Funeral

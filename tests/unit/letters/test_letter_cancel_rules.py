"""When a letter can still be cancelled: until the 17:30 UK print run that takes it has started."""

from __future__ import annotations

from datetime import datetime

import pytest

from notify_api.letters.cancelling import letter_can_be_cancelled, letter_print_day, too_late_to_cancel_letter

# Naive UTC throughout; January is GMT (UK time = UTC), June is BST (UK time = UTC + 1).
WEDNESDAY_10AM = datetime(2022, 1, 12, 10, 0)
WEDNESDAY_5_31PM = datetime(2022, 1, 12, 17, 31)


@pytest.mark.parametrize(
    ("created_at", "now", "too_late"),
    [
        (datetime(2022, 1, 12, 9, 0), WEDNESDAY_10AM, False),  # today's run has not started
        (datetime(2022, 1, 12, 9, 0), WEDNESDAY_5_31PM, True),  # today's run started and took it
        (datetime(2022, 1, 12, 17, 30, 30), WEDNESDAY_5_31PM, False),  # after the cut-off: tomorrow's run
        (datetime(2022, 1, 11, 18, 0), WEDNESDAY_10AM, False),  # yesterday evening's letter: today's run
        (datetime(2022, 1, 11, 17, 0), WEDNESDAY_10AM, True),  # yesterday's run took it
        (datetime(2022, 1, 10, 18, 0), WEDNESDAY_10AM, True),  # two days old
        (datetime(2022, 6, 1, 16, 20), datetime(2022, 6, 1, 16, 40), True),  # 17:20 BST, now 17:40 BST
        (datetime(2022, 6, 1, 16, 40), datetime(2022, 6, 1, 16, 45), False),  # 17:40 BST: next day's run
        (datetime(2022, 6, 1, 16, 20), datetime(2022, 6, 1, 16, 25), False),  # 17:20 BST, now 17:25 BST
    ],
)
def test_too_late_once_the_run_that_takes_the_letter_has_started(
    created_at: datetime, now: datetime, too_late: bool
) -> None:
    assert too_late_to_cancel_letter(created_at, now) is too_late
    assert letter_can_be_cancelled("created", created_at, now) is not too_late
    assert letter_can_be_cancelled("pending-virus-check", created_at, now) is not too_late


@pytest.mark.parametrize("status", ["sending", "delivered", "cancelled", "technical-failure"])
def test_only_letters_not_yet_taken_can_be_cancelled(status: str) -> None:
    assert not letter_can_be_cancelled(status, datetime(2022, 1, 12, 9, 0), WEDNESDAY_10AM)


def test_the_print_day_is_today_or_named() -> None:
    assert letter_print_day(datetime(2022, 1, 12, 9, 0), WEDNESDAY_5_31PM) == "today"
    assert letter_print_day(datetime(2022, 1, 11, 17, 0), WEDNESDAY_10AM) == "on 11 January"
    assert letter_print_day(datetime(2022, 1, 4, 18, 0), WEDNESDAY_10AM) == "on 5 January"

"""When the periodic tasks fire: London wall-clock times, including both daylight-saving changes of 2026.

In 2026 London moved to BST at 01:00 GMT on 29 March and back to GMT at 02:00 BST on 25 October.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from notify_api.tasks.queues import PERIODIC, REPORTING
from notify_workers.schedule import (
    LONDON,
    SCHEDULE,
    Every,
    PeriodicTask,
    next_fire_after,
    validate_schedule,
)

TASKS = {task.name: task for task in SCHEDULE}


def fires_between(task: PeriodicTask, start: datetime, end: datetime) -> list[datetime]:
    fires = []
    moment = start
    while (moment := next_fire_after(task, moment)) <= end:
        fires.append(moment)
    return fires


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def test_the_schedule_has_the_tasks_of_the_original_and_ours_on_their_queues() -> None:
    validate_schedule()
    assert set(TASKS) == {
        "delete-expired-documents",
        "delete-expired-idempotency-keys",
        "run-scheduled-jobs",
        "delete-verify-codes",
        "delete-invitations",
        "switch-current-sms-provider-on-slow-delivery",
        "check-job-status",
        "tend-providers-back-to-middle",
        "check-for-missing-rows-in-completed-jobs",
        "replay-created-notifications",
        "timeout-sending-notifications",
        "replay-provider-receipts",
        "create-nightly-billing",
        "create-nightly-notification-status",
        "delete-inbound-sms",
        "save-daily-notification-processing-time",
        "delete-notifications-older-than-retention",
        "remove_sms_email_jobs",
        "remove_letter_jobs",
        "check-if-letters-still-in-created",
        "check-if-letters-still-pending-virus-check",
        "check-for-services-with-high-failure-rates-or-sending-to-tv-numbers",
        "raise-alert-if-letter-notifications-still-sending",
        "collate-letter-pdfs-to-be-sent",
        "raise-alert-if-no-letter-ack-file",
    }
    reporting = {name for name, task in TASKS.items() if task.queue == REPORTING}
    assert reporting == {
        "create-nightly-billing",
        "create-nightly-notification-status",
        "delete-notifications-older-than-retention",
    }
    assert all(task.queue in {PERIODIC, REPORTING} for task in SCHEDULE)
    assert all(task.actor_name == task.name for task in SCHEDULE)


@pytest.mark.parametrize(
    ("name", "fires_per_day"),
    [
        ("check-job-status", 1440),
        ("switch-current-sms-provider-on-slow-delivery", 1440),
        ("run-scheduled-jobs", 1440),
        ("replay-created-notifications", 96),
        ("tend-providers-back-to-middle", 288),
        ("check-for-missing-rows-in-completed-jobs", 144),
        ("create-nightly-billing", 1),
        ("remove_letter_jobs", 1),
    ],
)
@pytest.mark.parametrize("month", [1, 7], ids=["winter", "summer"])
def test_tasks_fire_the_expected_number_of_times_on_an_ordinary_day(
    name: str, fires_per_day: int, month: int
) -> None:
    start = datetime(2026, month, 14, tzinfo=LONDON) - timedelta(microseconds=1)
    fires = fires_between(TASKS[name], start, start + timedelta(days=1))
    assert len(fires) == fires_per_day
    if fires_per_day == 1:
        assert fires[0].astimezone(LONDON).date() == start.date() + timedelta(days=1)


@pytest.mark.parametrize(
    ("name", "london_times"),
    [
        ("check-if-letters-still-in-created", ["07:00"] * 5),
        ("check-if-letters-still-pending-virus-check", ["09:00", "15:00"] * 5),
        ("check-for-services-with-high-failure-rates-or-sending-to-tv-numbers", ["10:30"] * 5),
        ("raise-alert-if-letter-notifications-still-sending", ["15:30"] * 7),
        ("raise-alert-if-no-letter-ack-file", ["23:00"] * 7),
    ],
)
def test_the_alert_checks_run_at_the_originals_times_on_weekdays_or_every_day(
    name: str, london_times: list[str]
) -> None:
    # the summer week from Monday 13 July 2026
    start = datetime(2026, 7, 13, tzinfo=LONDON) - timedelta(microseconds=1)
    fires = fires_between(TASKS[name], start, start + timedelta(days=7))
    assert [fire.astimezone(LONDON).strftime("%H:%M") for fire in fires] == london_times
    weekdays = {fire.astimezone(LONDON).isoweekday() for fire in fires}
    assert weekdays == (set(range(1, 6)) if len(london_times) in (5, 10) else set(range(1, 8)))


def test_nightly_tasks_follow_london_time_across_the_spring_change() -> None:
    fires = fires_between(TASKS["create-nightly-billing"], utc(2026, 3, 27, 12), utc(2026, 3, 31, 12))
    assert fires == [
        utc(2026, 3, 28, 0, 15),  # 00:15 GMT
        utc(2026, 3, 29, 0, 15),  # 00:15 GMT: the clocks change later that night
        utc(2026, 3, 29, 23, 15),  # 00:15 BST on the 30th
        utc(2026, 3, 30, 23, 15),
    ]
    assert {fire.astimezone(LONDON).strftime("%H:%M") for fire in fires} == {"00:15"}


def test_a_time_skipped_in_spring_still_runs_that_day_an_hour_later_on_the_clock() -> None:
    fires = fires_between(TASKS["delete-inbound-sms"], utc(2026, 3, 28, 12), utc(2026, 3, 30, 12))
    assert [fire.astimezone(LONDON).strftime("%d %H:%M") for fire in fires] == ["29 02:40", "30 01:40"]


def test_a_time_repeated_in_autumn_fires_once_for_a_task_pinned_to_an_hour() -> None:
    fires = fires_between(TASKS["delete-inbound-sms"], utc(2026, 10, 24, 12), utc(2026, 10, 26, 12))
    assert fires == [utc(2026, 10, 25, 0, 40), utc(2026, 10, 26, 1, 40)]


def test_quarter_hourly_tasks_keep_running_through_the_repeated_autumn_hour() -> None:
    start = datetime(2026, 10, 25, 0, 0, tzinfo=LONDON) - timedelta(microseconds=1)
    fires = fires_between(TASKS["replay-created-notifications"], start, utc(2026, 10, 25, 2, 0))
    # 00:00-01:45 BST, then 01:00-01:45 GMT again, then 02:00 GMT: every real quarter hour, no gap, no repeat.
    assert len(fires) == 13
    assert {later - earlier for earlier, later in itertools.pairwise(fires)} == {timedelta(minutes=15)}


def test_minutely_tasks_run_every_real_minute_across_the_spring_change() -> None:
    fires = fires_between(TASKS["check-job-status"], utc(2026, 3, 29, 0, 57, 30), utc(2026, 3, 29, 1, 3))
    assert [fire.astimezone(LONDON).strftime("%H:%M") for fire in fires] == [
        "00:58",
        "00:59",
        "02:00",
        "02:01",
        "02:02",
        "02:03",
    ]


def test_interval_tasks_are_anchored_so_every_process_agrees_and_ignore_daylight_saving() -> None:
    task = TASKS["delete-verify-codes"]
    assert task.cron == Every(minutes=63)
    fires = fires_between(task, utc(2026, 3, 28, 22), utc(2026, 3, 29, 6))
    assert {later - earlier for earlier, later in itertools.pairwise(fires)} == {timedelta(minutes=63)}
    # A process that asks from a different moment lands on the same occurrences.
    assert next_fire_after(task, fires[2] - timedelta(minutes=5)) == fires[2]


def test_fire_times_are_strictly_after_the_moment_asked_about() -> None:
    occurrence = utc(2026, 1, 14, 0, 15)
    assert next_fire_after(TASKS["create-nightly-billing"], occurrence) == occurrence + timedelta(days=1)
    assert next_fire_after(TASKS["create-nightly-billing"], occurrence - timedelta(seconds=1)) == occurrence


def test_a_bad_schedule_is_refused() -> None:
    with pytest.raises(ValueError, match="5 fields"):
        validate_schedule((PeriodicTask("x", "x", PERIODIC, "0 * *"),))
    with pytest.raises(ValueError, match="duplicate"):
        validate_schedule((PeriodicTask("x", "x", PERIODIC, "* * * * *"),) * 2)
    with pytest.raises(ValueError, match="timezone-aware"):
        next_fire_after(TASKS["check-job-status"], datetime(2026, 1, 1))

"""The periodic tasks, in one place, and the arithmetic that says when each one is next due.

Crontab specs are London wall-clock times, as the original system ran them. Each task enqueues a message for
the actor of the same name; the scheduler only enqueues, so a task whose actor is not written yet is harmless
(the message waits on its queue until a worker that knows the actor consumes it).

Why the cron arithmetic is done on wall-clock time rather than with a London-zoned ``CronTrigger``:
APScheduler 3.11 with a ``zoneinfo`` zone answers times *before* the one asked about inside the repeated
autumn hour (it loses the ``fold``), which would make a loop go backwards. So its ``CronTrigger`` matches
fields on naive wall-clock time (a DST-free frame) and this module turns wall-clock matches into instants:
- a wall time skipped in spring (01:00-02:00) runs at the same offset from midnight in GMT, i.e. an hour
  later on the clock (01:40 becomes 02:40 BST), so a nightly task still runs that day;
- a wall time repeated in autumn runs once for tasks pinned to an hour (01:40 fires in the first pass only)
  and in both passes for tasks with a wildcard hour (every-minute tasks keep running), as cron does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any, Final

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from notify_api.tasks.queues import PERIODIC, REPORTING
from notify_api.timeutils import LONDON

# Interval triggers count from this fixed instant, so every scheduler process agrees on the occurrences.
INTERVAL_ANCHOR: Final = datetime(2020, 1, 1, tzinfo=UTC)
# London is never more than this far ahead of UTC; bounds the search for the next wall-clock match.
_MAX_LONDON_OFFSET: Final = timedelta(hours=1)
_TICK: Final = timedelta(microseconds=1)


@dataclass(frozen=True)
class Every:
    """A fixed interval, for tasks the original ran "every 63 minutes" rather than on a crontab."""

    minutes: int

    def __post_init__(self) -> None:
        if self.minutes <= 0:
            raise ValueError("an interval must be at least one minute")


@dataclass(frozen=True)
class PeriodicTask:
    """``cron`` is a 5-field crontab in London time ("minute hour day month day-of-week") or an ``Every``."""

    name: str
    actor_name: str
    queue: str
    cron: str | Every
    args: tuple[Any, ...] = field(default=())


SCHEDULE: Final[tuple[PeriodicTask, ...]] = (
    # Every minute, not the original's quarter hours: a scheduled job starts within a minute of its time.
    PeriodicTask("run-scheduled-jobs", "run-scheduled-jobs", PERIODIC, "* * * * *"),
    PeriodicTask("delete-verify-codes", "delete-verify-codes", PERIODIC, Every(minutes=63)),
    PeriodicTask("delete-invitations", "delete-invitations", PERIODIC, Every(minutes=66)),
    # Not in the original (its document-download service expired files itself): hourly, so a file's link
    # stops working within the hour its retention runs out (the link answers 410 from that moment anyway).
    PeriodicTask("delete-expired-documents", "delete-expired-documents", PERIODIC, "20 * * * *"),
    PeriodicTask(
        "delete-expired-idempotency-keys", "delete-expired-idempotency-keys", PERIODIC, "35 * * * *"
    ),
    PeriodicTask(
        "switch-current-sms-provider-on-slow-delivery",
        "switch-current-sms-provider-on-slow-delivery",
        PERIODIC,
        "* * * * *",
    ),
    PeriodicTask("check-job-status", "check-job-status", PERIODIC, "* * * * *"),
    PeriodicTask("tend-providers-back-to-middle", "tend-providers-back-to-middle", PERIODIC, "*/5 * * * *"),
    PeriodicTask(
        "check-for-missing-rows-in-completed-jobs",
        "check-for-missing-rows-in-completed-jobs",
        PERIODIC,
        "*/10 * * * *",
    ),
    PeriodicTask(
        "replay-created-notifications", "replay-created-notifications", PERIODIC, "0,15,30,45 * * * *"
    ),
    PeriodicTask("timeout-sending-notifications", "timeout-sending-notifications", PERIODIC, "5 0 * * *"),
    # Not in the original: receipts are stored before they are acknowledged, and replayed from here when
    # their message was refused or lost (see notify_api.receipts.replay).
    PeriodicTask("replay-provider-receipts", "replay-provider-receipts", PERIODIC, "* * * * *"),
    PeriodicTask("create-nightly-billing", "create-nightly-billing", REPORTING, "15 0 * * *"),
    PeriodicTask(
        "create-nightly-notification-status", "create-nightly-notification-status", REPORTING, "30 0 * * *"
    ),
    PeriodicTask("delete-inbound-sms", "delete-inbound-sms", PERIODIC, "40 1 * * *"),
    PeriodicTask(
        "save-daily-notification-processing-time",
        "save-daily-notification-processing-time",
        PERIODIC,
        "0 2 * * *",
    ),
    PeriodicTask(
        "delete-notifications-older-than-retention",
        "delete-notifications-older-than-retention",
        REPORTING,
        "0 3 * * *",
    ),
    PeriodicTask("remove_sms_email_jobs", "remove_sms_email_jobs", PERIODIC, "0 4 * * *"),
    PeriodicTask("remove_letter_jobs", "remove_letter_jobs", PERIODIC, "20 4 * * *"),
    # The checks that raise operator alerts ("mon-fri": APScheduler numbers weekdays from Monday = 0).
    PeriodicTask(
        "check-if-letters-still-in-created", "check-if-letters-still-in-created", PERIODIC, "0 7 * * mon-fri"
    ),
    PeriodicTask(
        "check-if-letters-still-pending-virus-check",
        "check-if-letters-still-pending-virus-check",
        PERIODIC,
        "0 9,15 * * mon-fri",
    ),
    PeriodicTask(
        "check-for-services-with-high-failure-rates-or-sending-to-tv-numbers",
        "check-for-services-with-high-failure-rates-or-sending-to-tv-numbers",
        PERIODIC,
        "30 10 * * mon-fri",
    ),
    PeriodicTask(
        "raise-alert-if-letter-notifications-still-sending",
        "raise-alert-if-letter-notifications-still-sending",
        PERIODIC,
        "30 15 * * *",
    ),
    PeriodicTask("collate-letter-pdfs-to-be-sent", "collate-letter-pdfs-to-be-sent", PERIODIC, "50 17 * * *"),
    PeriodicTask(
        "raise-alert-if-no-letter-ack-file", "raise-alert-if-no-letter-ack-file", PERIODIC, "0 23 * * *"
    ),
)

# The tasks whose actors exist today. The rest of SCHEDULE is the original's timetable waiting for its actors:
# enqueueing for an actor no worker has would only fill the dead-letter queue. A test keeps this in step
# with the actors, so adding an actor means adding its name here.
ACTIVE_TASK_NAMES: Final = frozenset(
    {
        "delete-verify-codes",
        "delete-invitations",
        "delete-expired-documents",
        "delete-expired-idempotency-keys",
        "switch-current-sms-provider-on-slow-delivery",
        "tend-providers-back-to-middle",
        "replay-created-notifications",
        "timeout-sending-notifications",
        "replay-provider-receipts",
        "create-nightly-billing",
        "create-nightly-notification-status",
        "save-daily-notification-processing-time",
        "delete-inbound-sms",
        "delete-notifications-older-than-retention",
        "remove_sms_email_jobs",
        "remove_letter_jobs",
        "check-if-letters-still-in-created",
        "check-if-letters-still-pending-virus-check",
        "check-for-services-with-high-failure-rates-or-sending-to-tv-numbers",
        "raise-alert-if-letter-notifications-still-sending",
        "raise-alert-if-no-letter-ack-file",
        "collate-letter-pdfs-to-be-sent",
        "run-scheduled-jobs",
        "check-job-status",
        "check-for-missing-rows-in-completed-jobs",
    }
)
ACTIVE_SCHEDULE: Final = tuple(task for task in SCHEDULE if task.name in ACTIVE_TASK_NAMES)


@dataclass(frozen=True)
class _WallClockCron:
    trigger: CronTrigger
    wildcard_hour: bool


@cache
def _cron(spec: str) -> _WallClockCron:
    fields = spec.split()
    if len(fields) != 5:
        raise ValueError(f"crontab spec needs 5 fields, got {spec!r}")
    minute, hour, day, month, day_of_week = fields
    # UTC here only means "no DST": the trigger matches fields on naive London wall-clock times.
    trigger = CronTrigger(
        minute=minute, hour=hour, day=day, month=month, day_of_week=day_of_week, timezone=UTC
    )
    return _WallClockCron(trigger=trigger, wildcard_hour=hour.startswith("*"))


@cache
def _interval(minutes: int) -> IntervalTrigger:
    return IntervalTrigger(minutes=minutes, start_date=INTERVAL_ANCHOR, timezone=UTC)


def _instants_for_wall_time(wall: datetime, both_passes: bool) -> list[datetime]:
    """The UTC instants at which a London wall-clock time happens (none skipped, see the module doc)."""
    naive = wall.replace(tzinfo=None)
    first = naive.replace(tzinfo=LONDON, fold=0).astimezone(UTC)
    second = naive.replace(tzinfo=LONDON, fold=1).astimezone(UTC)
    # fold=1 is later only for a repeated (autumn) time; for a skipped (spring) time it is earlier: ignore it.
    return [first, second] if both_passes and second > first else [first]


def _same_offset_for_the_next_hour(wall: datetime) -> bool:
    """True when London's UTC offset is the same (and unambiguous) from ``wall`` to an hour later."""
    naive = wall.replace(tzinfo=None)
    offsets = {
        moment.replace(tzinfo=LONDON, fold=fold).utcoffset()
        for moment in (naive, naive + _MAX_LONDON_OFFSET)
        for fold in (0, 1)
    }
    return len(offsets) == 1


def _next_cron_fire_after(cron: _WallClockCron, moment: datetime) -> datetime:
    # An instant is never after its wall time (read as UTC) and at most _MAX_LONDON_OFFSET before it. So
    # the answer's wall time is after `moment` read in UTC, and no later than the first match + that offset.
    wall = moment.astimezone(UTC)
    london_wall = moment.astimezone(LONDON).replace(tzinfo=UTC)
    if _same_offset_for_the_next_hour(london_wall - _MAX_LONDON_OFFSET):
        # No clock change in the last hour: wall times up to London's reading of `moment` are all past.
        wall = london_wall
    best: datetime | None = None
    while True:
        next_wall: datetime | None = cron.trigger.get_next_fire_time(None, wall + _TICK)
        if next_wall is None:
            raise ValueError("crontab spec never fires")
        if best is None and _same_offset_for_the_next_hour(next_wall):
            # No clock change near: instants follow wall times in order, so the first match is the answer.
            first = _instants_for_wall_time(next_wall, cron.wildcard_hour)[0]
            if first > moment:
                return first
        if best is not None and next_wall - _MAX_LONDON_OFFSET >= best:
            return best
        for instant in _instants_for_wall_time(next_wall, cron.wildcard_hour):
            if instant > moment and (best is None or instant < best):
                best = instant
        wall = next_wall


def next_fire_after(task: PeriodicTask, moment: datetime) -> datetime:
    """The first occurrence of ``task`` strictly after the aware datetime ``moment``, in UTC."""
    if moment.tzinfo is None:
        raise ValueError("moment must be timezone-aware")
    if isinstance(task.cron, Every):
        fire: datetime | None = _interval(task.cron.minutes).get_next_fire_time(None, moment + _TICK)
        if fire is None:
            raise ValueError("interval trigger never fires")
        return fire.astimezone(UTC)
    return _next_cron_fire_after(_cron(task.cron), moment)


def validate_schedule(tasks: tuple[PeriodicTask, ...] = SCHEDULE) -> None:
    """Fail fast at start-up on a duplicate name or a spec that does not parse."""
    names = [task.name for task in tasks]
    duplicates = {name for name in names if names.count(name) > 1}
    if duplicates:
        raise ValueError(f"duplicate periodic task names: {sorted(duplicates)}")
    for task in tasks:
        next_fire_after(task, INTERVAL_ANCHOR)

"""The scheduler only enqueues tasks a worker can run, and every periodic actor is scheduled."""

from __future__ import annotations

import notify_workers.actors  # noqa: F401 - registers every actor on the broker
from notify_workers.broker import broker
from notify_workers.schedule import ACTIVE_SCHEDULE, SCHEDULE


def test_every_active_task_has_an_actor_and_every_scheduled_actor_is_active() -> None:
    actors = set(broker.get_declared_actors())
    assert {task.actor_name for task in ACTIVE_SCHEDULE} <= actors
    waiting = {task.actor_name for task in SCHEDULE} - {task.actor_name for task in ACTIVE_SCHEDULE}
    assert not waiting & actors, f"implemented but not scheduled: {sorted(waiting & actors)}"


# The original's beat schedule (spec §3.5), without its three broadcast entries.
ORIGINAL_SCHEDULE = {
    "run-scheduled-jobs",
    "delete-verify-codes",
    "delete-invitations",
    "switch-current-sms-provider-on-slow-delivery",
    "check-job-status",
    "tend-providers-back-to-middle",
    "check-for-missing-rows-in-completed-jobs",
    "replay-created-notifications",
    "timeout-sending-notifications",
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


def test_every_entry_of_the_originals_schedule_is_scheduled() -> None:
    scheduled = {task.name for task in SCHEDULE}
    assert not ORIGINAL_SCHEDULE - scheduled, sorted(ORIGINAL_SCHEDULE - scheduled)

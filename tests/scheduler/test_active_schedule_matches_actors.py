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

"""Run one scheduled task now, in this process (``python cli.py run-task <name>``), as a worker would run it.

Useful after an outage (rerun last night's retention) or to see what a check reports. The actor's own
function is called directly, on this process's event loop, with the schedule's arguments.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from typing import Any

from notify_workers.runtime import close_worker_runtime
from notify_workers.schedule import ACTIVE_TASK_NAMES, SCHEDULE, PeriodicTask


class UnknownTask(LookupError):
    pass


def runnable_task_names() -> list[str]:
    return sorted(ACTIVE_TASK_NAMES)


def _task(name: str) -> PeriodicTask:
    for task in SCHEDULE:
        if task.name == name and name in ACTIVE_TASK_NAMES:
            return task
    raise UnknownTask(f"no scheduled task named {name!r}; choose one of: {', '.join(runnable_task_names())}")


def _actor_function(actor_name: str) -> Callable[..., Any]:
    import notify_workers.actors  # noqa: F401 - registers every actor on the broker
    from notify_workers.broker import broker

    # Dramatiq wraps an async actor for its worker threads; the original coroutine function sits beneath.
    function: Callable[..., Any] = inspect.unwrap(broker.get_actor(actor_name).fn)
    return function


async def _run(task: PeriodicTask) -> None:
    try:
        outcome = _actor_function(task.actor_name)(*task.args)
        if inspect.isawaitable(outcome):
            await outcome
    finally:
        await close_worker_runtime()


def run_scheduled_task(name: str) -> None:
    """Run the named task to completion; raises :class:`UnknownTask` for a name not in the schedule."""
    asyncio.run(_run(_task(name)))

"""The workers' broker: ``python worker_main.py`` hands this module to Dramatiq's command line.

Built from the environment's settings with an explicit middleware list: the shared basics, ``AsyncIO`` for
async actors and our in-memory metrics. Dramatiq's Prometheus middleware is never added (it writes
multiprocess files and serves its own port).
"""

from __future__ import annotations

import dramatiq
from dramatiq.middleware import AsyncIO

from notify_api.logging import configure_logging
from notify_api.settings import Settings
from notify_api.tasks import abort as tasks_abort
from notify_api.tasks.abort import abortable
from notify_api.tasks.broker import base_middleware, build_broker
from notify_api.tasks.queues import prefixed
from notify_workers.metrics import WorkerMetrics

settings = Settings.from_env()
configure_logging(settings)
# Abortable: cancelling a job skips or stops its process-job message (notify_api.tasks.abort).
broker = build_broker(
    settings, [*base_middleware(), AsyncIO(), WorkerMetrics(), abortable(settings.redis_url)]
)
dramatiq.set_broker(broker)


def queue_name(queue: str) -> str:
    """The name an actor declares for one of our queues, with this deployment's prefix."""
    return prefixed(queue, settings.queue_prefix)


async def abort_was_requested(message_id: str) -> bool:
    """For a running abortable actor: has its message been cancelled? (The job stops between batches.)"""
    return tasks_abort.abort_was_requested(settings.redis_url, message_id)

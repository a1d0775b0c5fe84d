"""``replay-created-notifications`` (the outbox sweeper) and ``timeout-sending-notifications``.

Both are enqueued by the scheduler on periodic-tasks; see ``notify_workers.delivery.sweeping``. They are not
retried: the next scheduled run does the same work.
"""

from __future__ import annotations

import dramatiq

from notify_api.tasks import queues
from notify_workers.broker import queue_name
from notify_workers.delivery import sweeping
from notify_workers.runtime import worker_runtime


@dramatiq.actor(
    actor_name="replay-created-notifications", queue_name=queue_name(queues.PERIODIC), max_retries=0
)
async def replay_created_notifications() -> None:
    await sweeping.replay_created_notifications(worker_runtime())


@dramatiq.actor(
    actor_name="timeout-sending-notifications", queue_name=queue_name(queues.PERIODIC), max_retries=0
)
async def timeout_sending_notifications() -> None:
    await sweeping.timeout_sending_notifications(worker_runtime())

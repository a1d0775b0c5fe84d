"""``replay-created-notifications`` (the outbox sweeper), ``timeout-sending-notifications`` and
``replay-provider-receipts`` (stored receipts and inbound forwards whose messages were refused or lost).

All are enqueued by the scheduler on periodic-tasks; see ``notify_workers.delivery.sweeping``. They are not
retried: the next scheduled run does the same work.
"""

from __future__ import annotations

from datetime import datetime

import dramatiq

from notify_api.inbound.forwarding import replay_pending_forwards
from notify_api.receipts.replay import ReplayReport, replay_provider_receipts
from notify_api.runtime import Runtime
from notify_api.tasks import queues
from notify_workers.broker import queue_name
from notify_workers.delivery import sweeping
from notify_workers.runtime import worker_runtime


async def replay_receipts_and_forwards(
    runtime: Runtime, *, now: datetime | None = None
) -> tuple[ReplayReport, int]:
    """Every minute: what providers sent us and we acknowledged, but whose message never reached a worker."""
    receipts = await replay_provider_receipts(runtime.database, runtime.tasks, now=now)
    forwards = await replay_pending_forwards(runtime.database, runtime.tasks)
    return receipts, forwards


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


@dramatiq.actor(actor_name="replay-provider-receipts", queue_name=queue_name(queues.PERIODIC), max_retries=0)
async def replay_provider_receipts_actor() -> None:
    await replay_receipts_and_forwards(worker_runtime())

"""Queue ``send-inbound-sms`` for a stored text, and keep what the broker refused for the sweeper.

The text is committed before its provider hears back, so a broker failure afterwards must not become a
500 (the provider would send the text again, and the service would get it twice). Instead the forward is
written to ``inbound_sms_forwards`` and ``replay-provider-receipts`` queues it once the broker is back.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from notify_api.db.database import Database
from notify_api.inbound.queries import insert_pending_forward, take_pending_forwards
from notify_api.inbound.types import InboundForward
from notify_api.logging import get_logger
from notify_api.tasks.enqueue import TaskQueue
from notify_api.tasks.errors import BROKER_ERRORS
from notify_api.tasks.queues import NOTIFY_INTERNAL
from notify_api.timeutils import utc_now

log = get_logger(__name__)

SEND_INBOUND_SMS: Final = "send-inbound-sms"
REPLAY_BATCH: Final = 1_000


async def _enqueue(tasks: TaskQueue, forward: InboundForward) -> None:
    await tasks.enqueue(
        SEND_INBOUND_SMS, NOTIFY_INTERNAL, str(forward.inbound_sms_id), str(forward.service_id)
    )


async def forward_received_text(
    database: Database, tasks: TaskQueue, forward: InboundForward, *, now: datetime | None = None
) -> bool:
    """Queue the forward; False when the broker refused it and it was kept for the sweeper."""
    try:
        await _enqueue(tasks, forward)
        return True
    except BROKER_ERRORS as error:
        log.warning(
            "inbound_sms.forward_not_queued",
            inbound_sms_id=str(forward.inbound_sms_id),
            service_id=str(forward.service_id),
            error=type(error).__name__,
        )
    async with database.autocommit() as connection:
        await insert_pending_forward(connection, forward, now or utc_now())
    return False


async def replay_pending_forwards(database: Database, tasks: TaskQueue) -> int:
    """Queue every kept forward; a broker failure rolls its batch back for the next run."""
    total = 0
    while True:
        async with database.transaction() as connection:
            forwards = await take_pending_forwards(connection, REPLAY_BATCH)
            for forward in forwards:
                await _enqueue(tasks, forward)
        total += len(forwards)
        if len(forwards) < REPLAY_BATCH:
            break
    if total:
        log.warning("inbound_sms.forwards_replayed", count=total)
    return total

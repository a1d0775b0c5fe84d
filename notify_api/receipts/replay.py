"""``replay-provider-receipts``: queue stored receipts again, and give up those that never apply.

A stored receipt still here at its ``replay_at`` lost its message (the broker refused it, or lost it) or
keeps failing; it is queued again, each time waiting twice as long (2, 4, 8 ... 64 minutes) so that a
long queue is not flooded with copies. Claiming makes a copy harmless. A receipt stored more than a day
ago is deleted, logged and counted in ``receipts_given_up_total``: its notification has timed out or
never existed by then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from notify_api.db.database import Database
from notify_api.logging import get_logger
from notify_api.metrics.receipts import count_given_up_receipt
from notify_api.receipts.outbox import REPLAY_AFTER, enqueue_stored_receipt
from notify_api.receipts.queries import give_up_receipts, take_receipts_to_replay
from notify_api.tasks.enqueue import TaskQueue
from notify_api.timeutils import utc_now

log = get_logger(__name__)

GIVE_UP_AFTER: Final = timedelta(days=1)
MAX_DOUBLINGS: Final = 5  # the wait between replays stops growing at 2 minutes x 2^5 = 64 minutes
BATCH: Final = 1_000
# One run stays well inside a minute; the next run carries on.
MAX_PER_RUN: Final = 50_000


@dataclass(frozen=True)
class ReplayReport:
    replayed: int
    given_up: int


async def _give_up(database: Database, now: datetime) -> int:
    total = 0
    while True:
        async with database.transaction() as connection:
            dropped = await give_up_receipts(connection, created_before=now - GIVE_UP_AFTER, limit=BATCH)
        for receipt in dropped:
            log.error("receipt.given_up", receipt_id=str(receipt.id), kind=receipt.kind)
            count_given_up_receipt(receipt.kind)
        total += len(dropped)
        if len(dropped) < BATCH:
            return total


async def replay_provider_receipts(
    database: Database, tasks: TaskQueue, *, now: datetime | None = None
) -> ReplayReport:
    now = now or utc_now()
    given_up = await _give_up(database, now)
    replayed = 0
    while replayed < MAX_PER_RUN:
        # Queued inside the transaction: if the broker fails, the rows keep their replay time.
        async with database.transaction() as connection:
            due = await take_receipts_to_replay(
                connection, now=now, first_delay=REPLAY_AFTER, max_doublings=MAX_DOUBLINGS, limit=BATCH
            )
            for receipt in due:
                await enqueue_stored_receipt(tasks, receipt)
        replayed += len(due)
        if len(due) < BATCH:
            break
    if replayed:
        log.warning("receipts.replayed", count=replayed)
    return ReplayReport(replayed=replayed, given_up=given_up)

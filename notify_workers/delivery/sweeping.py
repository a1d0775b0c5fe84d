"""The outbox sweeper and the sending timeout (spec §3.5), as inner functions the actors call.

``replay_created_notifications``: the notification row is the outbox. The API enqueues after commit, so a
crash between the two leaves a ``created`` row with no message. Every SMS and email still ``created``
5 minutes after it was created is queued again (on the queue it was first routed to), unless it is waiting
for a scheduled retry. The claim makes a replay harmless if the original message turns up after all.
Rows claimed by a worker that died during the provider call (lease run out, no outcome recorded) are never
sent twice: the provider may have them, so they count as sent and wait for its receipt (see
``settle_abandoned_claim``).
Normal-key templated letters still ``created`` an hour after they were created whose PDF was never made (no
billable units, never updated) are queued for ``get-pdf-for-templated-letter`` again, as the original did.

``timeout_sending_notifications``: SMS and email still sending or pending 3 days after they were created
become ``temporary-failure``, and services with a delivery-status callback hear about each.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from typing import Final

from notify_api.db.tables.seed_ids import NOTIFY_SERVICE_ID
from notify_api.enums import KEY_TYPE_NORMAL, LETTER
from notify_api.letters.queries import letters_without_pdf
from notify_api.logging import get_logger
from notify_api.notifications.delivery import queries as queries
from notify_api.notifications.sending.queueing import enqueue_delivery
from notify_api.runtime import Runtime
from notify_api.tasks import queues
from notify_api.tasks.enqueue import TaskQueue
from notify_api.timeutils import utc_now
from notify_workers.delivery.send import (
    AWAITING_RECEIPT,
    FAILED,
    SEND_DELIVERY_STATUS,
    claim_lease,
    settle_abandoned_claim,
)

log = get_logger(__name__)

REPLAY_AFTER: Final = timedelta(minutes=5)
REPLAY_BATCH: Final = 10_000
LETTER_REPLAY_AFTER: Final = timedelta(hours=1)
SENDING_TIMEOUT: Final = timedelta(seconds=259_200)  # 3 days
TIMEOUT_BATCH: Final = 10_000


async def replay_created_notifications(runtime: Runtime, *, now: datetime | None = None) -> int:
    now = now or utc_now()
    retry_delay = timedelta(seconds=runtime.settings.delivery_retry_delay_seconds)
    async with runtime.database.read() as connection:
        items = await queries.notifications_to_replay(
            connection,
            created_before=now - REPLAY_AFTER,
            retry_quiet_since=now - retry_delay - REPLAY_AFTER,
            lease_cutoff=now - claim_lease(runtime),
            limit=REPLAY_BATCH,
        )
    for item in items:
        await enqueue_delivery(
            runtime.tasks,
            item.id,
            item.notification_type,
            item.key_type,
            research_mode=item.research_mode,
            priority=item.process_type == "priority",
            internal=item.service_id == NOTIFY_SERVICE_ID,
        )
    if items:
        log.warning("notifications.replayed", count=len(items))
    letters = await replay_letters_without_pdf(runtime, now=now)
    settled = await settle_abandoned_claims(runtime, now=now)
    return len(items) + letters + settled


async def replay_letters_without_pdf(runtime: Runtime, *, now: datetime) -> int:
    async with runtime.database.read() as connection:
        letter_ids = await letters_without_pdf(
            connection, created_before=now - LETTER_REPLAY_AFTER, limit=REPLAY_BATCH
        )
    for letter_id in letter_ids:
        await enqueue_delivery(runtime.tasks, letter_id, LETTER, KEY_TYPE_NORMAL)
    if letter_ids:
        log.warning("letters.pdf_replayed", count=len(letter_ids))
    return len(letter_ids)


async def settle_abandoned_claims(runtime: Runtime, *, now: datetime) -> int:
    cutoff = now - claim_lease(runtime)
    async with runtime.database.unit_of_work() as work:
        abandoned = await queries.abandoned_claims(work.connection, lease_cutoff=cutoff, limit=REPLAY_BATCH)
        outcomes = [
            await settle_abandoned_claim(runtime, work, notification_id, now, claimed_before=cutoff)
            for notification_id in abandoned
        ]
    if outcomes:
        log.warning(
            "notifications.abandoned_claims_settled",
            awaiting_receipt=outcomes.count(AWAITING_RECEIPT),
            failed=outcomes.count(FAILED),
        )
    return len(outcomes)


async def _enqueue_callbacks(tasks: TaskQueue, notification_ids: list[str]) -> None:
    for notification_id in notification_ids:
        await tasks.enqueue(SEND_DELIVERY_STATUS, queues.SERVICE_CALLBACKS, notification_id)


async def timeout_sending_notifications(runtime: Runtime, *, now: datetime | None = None) -> int:
    now = now or utc_now()
    total = 0
    while True:
        async with runtime.database.unit_of_work() as work:
            timed_out = await queries.time_out_sending(
                work.connection, created_before=now - SENDING_TIMEOUT, now=now, limit=TIMEOUT_BATCH
            )
            with_callbacks = await queries.services_with_delivery_status_callback(
                work.connection, [service_id for _, service_id in timed_out]
            )
            to_call_back = [str(nid) for nid, service_id in timed_out if service_id in with_callbacks]
            work.after_commit(partial(_enqueue_callbacks, runtime.tasks, to_call_back))
        total += len(timed_out)
        if len(timed_out) < TIMEOUT_BATCH:
            break
    if total:
        log.warning("notifications.timed_out", count=total)
    return total

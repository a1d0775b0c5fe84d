"""Receipts are stored before their provider hears 200, and applied exactly once from that store.

Accepting a receipt is one autocommit INSERT into ``provider_receipts`` and then a message carrying only
the row's id. When the broker refuses that message the provider still gets its 200: the row is safe in
PostgreSQL and the sweeper (``replay-provider-receipts``) queues it again once the broker is back. Applying
it inline instead would need the broker anyway, for the service's callback that follows; and with the
broker down no worker is running its messages, so nothing would be gained by hurrying.

Applying deletes the row in the transaction that moves the status on, so a second message for the same
receipt (a replay, a redelivery) finds nothing and does nothing. A receipt that cannot be applied yet rolls
back and keeps its row.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any, Final

from notify_api.crypto import Encryption
from notify_api.db.database import Database, UnitOfWork
from notify_api.logging import get_logger
from notify_api.receipts.operations import apply_ses_event, apply_sms_receipt
from notify_api.receipts.queries import claim_provider_receipt, insert_provider_receipt, postpone_replay
from notify_api.receipts.ses_events import InvalidSesEvent, parse_ses_event
from notify_api.receipts.types import ReceiptOutcome, ReceiptResult, StoredReceipt
from notify_api.tasks.enqueue import TaskQueue
from notify_api.tasks.errors import BROKER_ERRORS
from notify_api.tasks.queues import SES_CALLBACKS, SMS_CALLBACKS
from notify_api.timeutils import utc_now

log = get_logger(__name__)

SMS_RECEIPT: Final = "sms"
SES_RECEIPT: Final = "ses"
PROCESS_SMS_CLIENT_RESPONSE: Final = "process-sms-client-response"
PROCESS_SES_RESULT: Final = "process-ses-result"
# The actor and queue that apply each kind of stored receipt.
ACTOR_FOR_KIND: Final = {
    SMS_RECEIPT: (PROCESS_SMS_CLIENT_RESPONSE, SMS_CALLBACKS),
    SES_RECEIPT: (PROCESS_SES_RESULT, SES_CALLBACKS),
}
# A stored receipt still here this long after its last message is queued again.
REPLAY_AFTER: Final = timedelta(minutes=2)
# Outcomes that mean "not yet": the row stays for a later attempt.
NOT_YET: Final = frozenset({ReceiptOutcome.NOT_RECORDED_YET, ReceiptOutcome.NOT_FOUND_YET})


async def enqueue_stored_receipt(tasks: TaskQueue, receipt: StoredReceipt) -> None:
    actor, queue = ACTOR_FOR_KIND[receipt.kind]
    await tasks.enqueue(actor, queue, str(receipt.id))


async def accept_receipt(
    database: Database, tasks: TaskQueue, kind: str, payload: dict[str, Any]
) -> uuid.UUID:
    """Store the receipt (one round trip), then queue it; a broker failure is logged, not raised."""
    now = utc_now()
    receipt = StoredReceipt(uuid.uuid4(), kind)
    async with database.autocommit() as connection:
        await insert_provider_receipt(
            connection,
            receipt_id=receipt.id,
            kind=kind,
            payload=payload,
            created_at=now,
            replay_at=now + REPLAY_AFTER,
        )
    try:
        await enqueue_stored_receipt(tasks, receipt)
    except BROKER_ERRORS as error:
        log.warning(
            "receipt.enqueue_failed", kind=kind, receipt_id=str(receipt.id), error=type(error).__name__
        )
    return receipt.id


async def _apply_ses_payload(work: UnitOfWork, tasks: TaskQueue, raw_event: dict[str, Any]) -> ReceiptResult:
    try:
        event = parse_ses_event(raw_event)
    except InvalidSesEvent as error:
        log.warning("receipt.ses.invalid_event", reason=str(error))
        return ReceiptResult(ReceiptOutcome.IGNORED)
    return await apply_ses_event(work, tasks, event)


async def apply_stored_receipt(
    work: UnitOfWork, encryption: Encryption, tasks: TaskQueue, receipt_id: uuid.UUID
) -> ReceiptResult:
    """Claim the stored receipt and apply it, in the caller's transaction.

    The caller rolls the transaction back on a ``NOT_YET`` outcome, which puts the row back.
    """
    claimed = await claim_provider_receipt(work.connection, receipt_id)
    if claimed is None:
        log.info("receipt.already_applied", receipt_id=str(receipt_id))
        return ReceiptResult(ReceiptOutcome.ALREADY_APPLIED)
    if claimed.kind == SES_RECEIPT:
        return await _apply_ses_payload(work, tasks, claimed.payload)
    payload = claimed.payload
    return await apply_sms_receipt(
        work,
        encryption,
        tasks,
        status=payload["status"],
        reference=payload["reference"],
        client_name=payload["client_name"],
        code=payload.get("code"),
    )


async def expect_retry(database: Database, receipt_id: uuid.UUID, retry_in: timedelta, now: datetime) -> None:
    """A retry message for this receipt is on its way: the sweeper need not send another before it is due."""
    async with database.autocommit() as connection:
        await postpone_replay(connection, receipt_id, now + retry_in + REPLAY_AFTER)

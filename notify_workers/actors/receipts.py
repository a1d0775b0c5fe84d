"""``process-sms-client-response`` and ``process-ses-result``: apply a delivery receipt.

A message carries the id of a receipt stored by the API (``provider_receipts``, see
:mod:`notify_api.receipts.outbox`). One transaction claims the row and applies it, so a receipt is applied
once however many messages name it; a missing row means it was applied already. The service's callback is
queued after commit. An SES event for a message we cannot find yet (SES can be faster than our commit) is
retried while it is younger than 5 minutes, and an SMS receipt for a text whose send is not recorded yet
(the provider answered first) a minute later: the transaction rolls back and the row stays.

Messages in the shape the API sent before receipts were stored (an SMS receipt's fields; an SES event as a
dict, which research mode still sends) are applied directly, so none queued across a deploy is lost.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any, Final

import dramatiq

from notify_api.logging import get_logger
from notify_api.receipts.operations import apply_ses_event, apply_sms_receipt
from notify_api.receipts.outbox import NOT_YET, apply_stored_receipt, expect_retry
from notify_api.receipts.ses_events import InvalidSesEvent, parse_ses_event
from notify_api.receipts.types import ReceiptOutcome, ReceiptResult
from notify_api.runtime import Runtime
from notify_api.tasks.queues import SES_CALLBACKS, SMS_CALLBACKS
from notify_api.timeutils import utc_now
from notify_workers.actors.service_callbacks import CALLBACK_RETRIES
from notify_workers.broker import queue_name
from notify_workers.retry import RetryLater
from notify_workers.runtime import worker_runtime

log = get_logger(__name__)

# Look again a minute later: five retries cover the five minutes in which a provider may beat our commit.
NOT_YET_RETRY_DELAY_MS: Final = 60_000


class _NotYet(Exception):
    """Raised inside the unit of work so that it rolls back and the stored receipt stays."""

    def __init__(self, result: ReceiptResult) -> None:
        super().__init__(result.outcome.value)
        self.result = result


async def process_stored_receipt(runtime: Runtime, receipt_id: str) -> ReceiptResult:
    stored_id = uuid.UUID(receipt_id)
    try:
        async with runtime.database.unit_of_work() as work:
            result = await apply_stored_receipt(work, runtime.encryption, runtime.tasks, stored_id)
            if result.outcome in NOT_YET:
                raise _NotYet(result)
    except _NotYet as not_yet:
        retry_in = timedelta(milliseconds=NOT_YET_RETRY_DELAY_MS)
        await expect_retry(runtime.database, stored_id, retry_in, utc_now())
        raise RetryLater(f"receipt not applicable yet: {not_yet}", delay_ms=NOT_YET_RETRY_DELAY_MS) from None
    return result


async def process_sms_receipt(
    runtime: Runtime, status: str, reference: str, client_name: str, code: str | None = None
) -> ReceiptResult:
    """A receipt in the message itself (the shape queued before receipts were stored)."""
    async with runtime.database.unit_of_work() as work:
        result = await apply_sms_receipt(
            work,
            runtime.encryption,
            runtime.tasks,
            status=status,
            reference=reference,
            client_name=client_name,
            code=code,
        )
    if result.outcome is ReceiptOutcome.NOT_RECORDED_YET:
        raise RetryLater("SMS receipt before its send was recorded", delay_ms=NOT_YET_RETRY_DELAY_MS)
    return result


async def process_ses_receipt(runtime: Runtime, raw_event: dict[str, Any]) -> ReceiptResult:
    """An SES event in the message itself (research mode, and messages queued before receipts were stored)."""
    try:
        event = parse_ses_event(raw_event)
    except InvalidSesEvent as error:
        log.warning("receipt.ses.invalid_event", reason=str(error))
        return ReceiptResult(ReceiptOutcome.IGNORED)
    async with runtime.database.unit_of_work() as work:
        result = await apply_ses_event(work, runtime.tasks, event)
    if result.outcome is ReceiptOutcome.NOT_FOUND_YET:
        raise RetryLater("notification for SES event not found yet", delay_ms=NOT_YET_RETRY_DELAY_MS)
    return result


async def handle_sms_message(
    runtime: Runtime,
    receipt_id_or_status: str,
    reference: str | None = None,
    client_name: str | None = None,
    code: str | None = None,
) -> ReceiptResult:
    """A stored receipt's id, or (from before receipts were stored) the receipt's own fields."""
    if reference is None or client_name is None:
        return await process_stored_receipt(runtime, receipt_id_or_status)
    return await process_sms_receipt(runtime, receipt_id_or_status, reference, client_name, code)


async def handle_ses_message(runtime: Runtime, receipt: str | dict[str, Any]) -> ReceiptResult:
    """A stored receipt's id, or an SES event itself (research mode, and from before receipts were stored)."""
    if isinstance(receipt, str):
        return await process_stored_receipt(runtime, receipt)
    return await process_ses_receipt(runtime, receipt)


@dramatiq.actor(
    actor_name="process-sms-client-response",
    queue_name=queue_name(SMS_CALLBACKS),
    **CALLBACK_RETRIES.actor_options(),
)
async def process_sms_client_response(
    receipt_id_or_status: str,
    reference: str | None = None,
    client_name: str | None = None,
    code: str | None = None,
) -> None:
    await handle_sms_message(worker_runtime(), receipt_id_or_status, reference, client_name, code)


@dramatiq.actor(
    actor_name="process-ses-result",
    queue_name=queue_name(SES_CALLBACKS),
    **CALLBACK_RETRIES.actor_options(),
)
async def process_ses_result(receipt: str | dict[str, Any]) -> None:
    await handle_ses_message(worker_runtime(), receipt)

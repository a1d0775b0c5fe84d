"""``process-sms-client-response`` and ``process-ses-result``: apply a delivery receipt.

One transaction per message; the service's callback is queued after commit. An SES event for a message we
cannot find yet (SES can be faster than our commit) is retried while it is younger than 5 minutes, and an SMS
receipt for a text whose send is not recorded yet (the provider answered first) a minute later.
"""

from __future__ import annotations

from typing import Any, Final

import dramatiq

from notify_api.logging import get_logger
from notify_api.receipts.operations import apply_ses_event, apply_sms_receipt
from notify_api.receipts.ses_events import InvalidSesEvent, parse_ses_event
from notify_api.receipts.types import ReceiptOutcome, ReceiptResult
from notify_api.runtime import Runtime
from notify_api.tasks.queues import SES_CALLBACKS, SMS_CALLBACKS
from notify_workers.actors.service_callbacks import CALLBACK_RETRIES
from notify_workers.broker import queue_name
from notify_workers.retry import RetryLater
from notify_workers.runtime import worker_runtime

log = get_logger(__name__)

# Look again a minute later: five retries cover the five minutes in which a provider may beat our commit.
NOT_YET_RETRY_DELAY_MS: Final = 60_000


async def process_sms_receipt(
    runtime: Runtime, status: str, reference: str, client_name: str, code: str | None = None
) -> ReceiptResult:
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


@dramatiq.actor(
    actor_name="process-sms-client-response",
    queue_name=queue_name(SMS_CALLBACKS),
    **CALLBACK_RETRIES.actor_options(),
)
async def process_sms_client_response(
    status: str, reference: str, client_name: str, code: str | None = None
) -> None:
    await process_sms_receipt(worker_runtime(), status, reference, client_name, code)


@dramatiq.actor(
    actor_name="process-ses-result",
    queue_name=queue_name(SES_CALLBACKS),
    **CALLBACK_RETRIES.actor_options(),
)
async def process_ses_result(event: dict[str, Any]) -> None:
    await process_ses_receipt(worker_runtime(), event)

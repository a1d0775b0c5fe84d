"""``deliver_sms`` / ``deliver_email``: claim the row, send it to a provider, record the outcome.

1. Claim (one transaction, committed): a conditional UPDATE takes the row from ``created`` to ``sending``
   without ``sent_at``. No row back: another worker has it or it was sent, so return; if another worker is
   sending it right now, look again after its lease. A claim whose worker died during the provider call
   (lease run out, no outcome) becomes technical-failure: the provider may have it, and at most once is
   the promise (a citizen must not get the same text twice).
   The claim is committed before the provider is called, so no connection or row lock is held over the
   network call, and a duplicate message cannot send twice.
2. Inactive service -> technical-failure. Research mode or a test key -> a fake outcome (``research``).
3. Call the provider (no transaction open).
4. Record (second transaction): ``sending`` (``sent`` for international SMS), ``sent_at``, ``sent_by``,
   ``reference``, billable units. The provider has the message by now, so a database error here is retried
   on the spot, never by sending again, until the record sticks (up to ``RECORD_PATIENCE``). Permanent
   refusal -> technical-failure now. Temporary failure -> the row goes back to ``created`` marked by
   ``updated_at``, the SMS provider loses priority (failover), and :class:`RetryLater` asks Dramatiq for a
   retry (``notify_workers.retry``).
"""

from __future__ import annotations

import asyncio
import itertools
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any, Final

from sqlalchemy.exc import DBAPIError

from notify_api.db.database import UnitOfWork
from notify_api.enums import EMAIL, KEY_TYPE_TEST, SENDING, SENT, SMS
from notify_api.logging import get_logger
from notify_api.notifications.delivery import queries as queries
from notify_api.notifications.delivery.queries import ClaimedNotification
from notify_api.providers.choice import NoActiveProviderError
from notify_api.providers.failover import SEND_FAILURE_THRESHOLD, reduce_sms_provider_priority
from notify_api.runtime import Runtime
from notify_api.tasks import queues
from notify_api.timeutils import utc_now
from notify_workers.delivery import content, research
from notify_workers.delivery.clients import DeliveryClients
from notify_workers.delivery.email_message import OutgoingEmail, raw_mime
from notify_workers.providers.base import PermanentProviderError, SmsRequest, TemporaryProviderError
from notify_workers.retry import RetryLater

log = get_logger(__name__)

SEND_DELIVERY_STATUS: Final = "send-delivery-status"
PROCESS_SES_RESULT: Final = "process-ses-result"
RESEARCH_SMS_RECEIPT: Final = "research-mode-sms-receipt"
# A claimed row is another worker's for this long past the provider timeout; after that it was abandoned.
CLAIM_LEASE_MARGIN: Final = timedelta(seconds=30)
# Recording a send the provider accepted: pauses between attempts (the last one repeats), and for how long.
RECORD_RETRY_DELAYS: Final = (0.1, 0.2, 0.5, 1.0, 2.0, 5.0)
RECORD_PATIENCE: Final = timedelta(minutes=10)

# Outcomes, returned for tests and logs.
SENT_TO_PROVIDER: Final = "sent"
RESEARCH_MODE: Final = "research"
NOT_CLAIMED: Final = "not-claimed"
FAILED: Final = "technical-failure"
AWAITING_RECEIPT: Final = "awaiting-receipt"  # a dead worker's claim: the provider's receipt will tell


def claim_lease(runtime: Runtime) -> timedelta:
    return timedelta(seconds=runtime.settings.provider_timeout_seconds) + CLAIM_LEASE_MARGIN


def is_research(claimed: ClaimedNotification) -> bool:
    return claimed.key_type == KEY_TYPE_TEST or claimed.research_mode


async def deliver_sms(runtime: Runtime, clients: DeliveryClients, notification_id: str) -> str:
    return await _deliver(runtime, clients, uuid.UUID(notification_id), SMS)


async def deliver_email(runtime: Runtime, clients: DeliveryClients, notification_id: str) -> str:
    return await _deliver(runtime, clients, uuid.UUID(notification_id), EMAIL)


async def _deliver(runtime: Runtime, clients: DeliveryClients, notification_id: uuid.UUID, kind: str) -> str:
    now = utc_now()
    lease = claim_lease(runtime)
    async with runtime.database.unit_of_work() as work:
        claimed = await queries.claim_for_delivery(
            work.connection, notification_id, kind, now=now, lease_cutoff=now - lease
        )
        if claimed is None:
            state = await queries.delivery_state(work.connection, notification_id)
            if state is not None and state.claimed_by_a_worker and state.updated_at is not None:
                remaining = state.updated_at + lease - now
                if remaining > timedelta(0):
                    # Another worker is calling the provider: look again once its lease has run out.
                    raise RetryLater("claimed by another worker", delay_ms=_milliseconds(remaining) + 1000)
                # Its worker died mid-call: the provider may have the message, so it is not sent again.
                return await settle_abandoned_claim(
                    runtime, work, notification_id, now, claimed_before=now - lease
                )
            return NOT_CLAIMED
        if not claimed.service_active:
            await _fail(runtime, work, claimed.id, now, reason="service-inactive")
            return FAILED
        try:
            provider = await clients.chooser.choose(
                work.connection, kind, international=kind == SMS and claimed.international
            )
        except NoActiveProviderError as error:
            raise RetryLater(str(error)) from error  # rolls the claim back: the row stays created
        await queries.note_provider(work.connection, claimed.id, provider)
        try:
            values = content.personalisation_of(claimed, runtime.encryption)
            if is_research(claimed):
                await _fake_send(runtime, work, claimed, provider, values, now)
                return RESEARCH_MODE
            prepared = await _prepare(runtime, work, claimed, values)
        except content.UnsendableError as error:
            await _fail(runtime, work, claimed.id, now, reason=str(error))
            return FAILED
    return await _send_and_record(runtime, clients, claimed, provider, prepared)


Prepared = tuple[SmsRequest | OutgoingEmail, int | None]


async def _prepare(
    runtime: Runtime, work: UnitOfWork, claimed: ClaimedNotification, values: dict[str, Any]
) -> Prepared:
    if claimed.notification_type == SMS:
        return content.sms_request(claimed, values, runtime.settings), content.sms_billable_units(
            claimed, values
        )
    branding = await queries.email_branding_for(work.connection, claimed.service_id)
    return content.outgoing_email(claimed, values, runtime.settings, branding), None


async def _send_and_record(
    runtime: Runtime,
    clients: DeliveryClients,
    claimed: ClaimedNotification,
    provider: str,
    prepared: Prepared,
) -> str:
    message, billable_units = prepared
    try:
        if isinstance(message, SmsRequest):
            await clients.sms[provider].send_sms(message)
            reference = message.reference
        else:
            reference = await clients.email.send_raw_email(
                source=message.source, raw_message=raw_mime(message), notification_id=str(claimed.id)
            )
    except PermanentProviderError as error:
        async with runtime.database.unit_of_work() as work:
            await _fail(runtime, work, claimed.id, utc_now(), reason=str(error), provider=provider)
        return FAILED
    except TemporaryProviderError as error:
        await _release_for_retry(runtime, clients, claimed, provider, billable_units)
        raise RetryLater(str(error)) from error
    except Exception:
        # Anything unexpected (a bug, a lost connection): give the claim back so a retry can take it at once.
        await _release_for_retry(runtime, clients, claimed, None, billable_units)
        raise
    sent_at = utc_now()
    status = SENT if claimed.notification_type == SMS and claimed.international else SENDING

    async def record() -> None:
        async with runtime.database.unit_of_work() as work:
            await queries.record_sent(
                work.connection,
                claimed.id,
                status=status,
                sent_at=sent_at,
                sent_by=provider,
                reference=reference,
                billable_units=billable_units,
            )

    await _until_it_sticks(record, claimed.id)
    log.info(
        "notification.sent",
        notification_id=str(claimed.id),
        notification_type=claimed.notification_type,
        provider=provider,
        seconds_since_created=round((sent_at - claimed.created_at).total_seconds(), 3),
    )
    return SENT_TO_PROVIDER


async def _until_it_sticks(record: Callable[[], Awaitable[None]], notification_id: uuid.UUID) -> None:
    """Run ``record`` until the database takes it: a blip must not leave a sent message unrecorded.

    Gives up (raises) after ``RECORD_PATIENCE``; the message's retry then finds the row still claimed and,
    once the lease has run out, makes it a technical failure rather than send it again.
    """
    deadline = time.monotonic() + RECORD_PATIENCE.total_seconds()
    for attempt in itertools.count():
        try:
            await record()
            return
        except (DBAPIError, OSError) as error:
            if time.monotonic() >= deadline:
                raise
            delay = RECORD_RETRY_DELAYS[min(attempt, len(RECORD_RETRY_DELAYS) - 1)]
            log.warning(
                "notification.record_sent_retrying",
                notification_id=str(notification_id),
                attempt=attempt + 1,
                error=type(error).__name__,
            )
            await asyncio.sleep(delay)


async def _release_for_retry(
    runtime: Runtime,
    clients: DeliveryClients,
    claimed: ClaimedNotification,
    failed_provider: str | None,
    billable_units: int | None,
) -> None:
    now = utc_now()
    async with runtime.database.unit_of_work() as work:
        await queries.release_for_retry(work.connection, claimed.id, now=now, billable_units=billable_units)
        if failed_provider is not None and claimed.notification_type == SMS:
            changes = await reduce_sms_provider_priority(
                work.connection, failed_provider, threshold=SEND_FAILURE_THRESHOLD, now=now
            )
            if changes:
                clients.chooser.forget()
    log.warning(
        "notification.send_failed",
        notification_id=str(claimed.id),
        provider=failed_provider,
        will_retry=True,
    )


async def _fake_send(
    runtime: Runtime,
    work: UnitOfWork,
    claimed: ClaimedNotification,
    provider: str,
    values: dict[str, Any],
    now: datetime,
) -> None:
    if claimed.notification_type == SMS:
        reference = str(claimed.id)
        billable_units: int | None = content.sms_billable_units(claimed, values)
        status = SENT if claimed.international else SENDING
    else:
        reference, billable_units, status = str(uuid.uuid4()), None, SENDING
    await queries.record_sent(
        work.connection,
        claimed.id,
        status=status,
        sent_at=now,
        sent_by=provider,
        reference=reference,
        billable_units=billable_units,
    )
    tasks = runtime.tasks
    if claimed.notification_type == SMS:
        notification_id = str(claimed.id)

        async def enqueue_receipt() -> None:
            await tasks.enqueue(RESEARCH_SMS_RECEIPT, queues.RESEARCH_MODE, provider, notification_id)

        work.after_commit(enqueue_receipt)
    else:
        event = research.fake_ses_event(reference, claimed.to, now)

        async def enqueue_ses_result() -> None:
            await tasks.enqueue(PROCESS_SES_RESULT, queues.SES_CALLBACKS, event)

        work.after_commit(enqueue_ses_result)
    log.info("notification.research_mode", notification_id=str(claimed.id), provider=provider)


async def _fail(
    runtime: Runtime,
    work: UnitOfWork,
    notification_id: uuid.UUID,
    now: datetime,
    *,
    reason: str,
    provider: str | None = None,
) -> None:
    await mark_technical_failure(runtime, work, notification_id, now)
    log.warning(
        "notification.technical_failure",
        notification_id=str(notification_id),
        provider=provider,
        reason=reason,
    )


async def mark_technical_failure(
    runtime: Runtime,
    work: UnitOfWork,
    notification_id: uuid.UUID,
    now: datetime,
    *,
    claimed_before: datetime | None = None,
) -> bool:
    """Technical failure for an unsent row; the service's delivery-status callback is queued after commit."""
    service_id = await queries.mark_technical_failure(
        work.connection, notification_id, now=now, claimed_before=claimed_before
    )
    if service_id is None:
        return False
    if await queries.has_delivery_status_callback(work.connection, service_id):
        tasks = runtime.tasks

        async def enqueue_callback() -> None:
            await tasks.enqueue(SEND_DELIVERY_STATUS, queues.SERVICE_CALLBACKS, str(notification_id))

        work.after_commit(enqueue_callback)
    return True


async def settle_abandoned_claim(
    runtime: Runtime, work: UnitOfWork, notification_id: uuid.UUID, now: datetime, *, claimed_before: datetime
) -> str:
    """The outcome of a claim whose worker died during the provider call.

    The provider was noted before the call, so the message may be there: it counts as sent and the
    provider's receipt settles it (no receipt: the 3-day sending timeout makes it temporary-failure). Never a
    technical failure, which would tell the service it was not sent when the person may have it. Only a
    claim with no provider noted (the worker died before choosing one) is a technical failure.
    """
    if await queries.settle_abandoned_claim(work.connection, notification_id, claimed_before=claimed_before):
        log.warning("notification.claim_abandoned_awaiting_receipt", notification_id=str(notification_id))
        return AWAITING_RECEIPT
    await mark_technical_failure(runtime, work, notification_id, now, claimed_before=claimed_before)
    return FAILED


async def give_up_delivery(runtime: Runtime, notification_id: str) -> bool:
    """Retries ran out: technical failure, unless it was sent meanwhile or another worker is sending it."""
    now = utc_now()
    async with runtime.database.unit_of_work() as work:
        failed = await mark_technical_failure(
            runtime, work, uuid.UUID(notification_id), now, claimed_before=now - claim_lease(runtime)
        )
    if failed:
        log.warning(
            "notification.technical_failure", notification_id=notification_id, reason="retries-exhausted"
        )
    return failed


def _milliseconds(duration: timedelta) -> int:
    return max(0, int(duration.total_seconds() * 1000))

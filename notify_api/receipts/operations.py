"""The rules for applying a delivery receipt, run inside the caller's unit of work.

- A receipt acts only on a notification of its own type (SMS receipts on texts, SES events on emails) that
  its provider was given (``sent_by``, which a receipt never changes). Anything else is forged or mismatched:
  logged, counted in ``receipts_rejected_total`` and otherwise ignored (the provider still gets its 200).
- It acts only on a message still in flight (``sending``/``pending``, and ``sent`` for texts, which is where
  international texts wait); never on ``created`` or ``pending-virus-check``, which no provider has seen.
  Any other status means a duplicate (or late) receipt, logged and ignored, so statuses only move forward.
- International texts to countries without real delivery receipts stay ``sent``.
- A Firetext failure without a code that follows ``pending`` is temporary (the phone was reachable).
- Billable units still 0 are filled in from the template.
- Unless the new status is ``pending``, the service's delivery-status callback is queued after commit.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Final

from notify_api.callbacks.queries import has_service_callback
from notify_api.complaints.queries import insert_complaint
from notify_api.crypto import Encryption
from notify_api.db.database import UnitOfWork
from notify_api.enums import COMPLAINT_CALLBACK as COMPLAINT
from notify_api.enums import CREATED, EMAIL, PENDING_VIRUS_CHECK, SENDING, SENT, SMS
from notify_api.enums import DELIVERY_STATUS_CALLBACK as DELIVERY_STATUS
from notify_api.logging import get_logger
from notify_api.metrics.receipts import count_rejected_receipt
from notify_api.receipts.queries import (
    get_sms_billing_inputs,
    lock_email_awaiting_its_ses_reference,
    lock_notification_by_id,
    lock_notification_by_reference,
    set_notification_status,
    set_reference,
)
from notify_api.receipts.receipt_countries import country_records_delivery
from notify_api.receipts.ses_events import SesEvent
from notify_api.receipts.status_mapping import (
    FIRETEXT,
    PENDING,
    PERMANENT_FAILURE,
    TECHNICAL_FAILURE,
    TEMPORARY_FAILURE,
    MappedStatus,
    UnknownProviderStatus,
    map_ses_event,
    map_sms_status,
)
from notify_api.receipts.types import LockedNotification, ReceiptOutcome, ReceiptResult, RejectReason
from notify_api.rendering.sms import sms_fragment_count, sms_text
from notify_api.tasks.enqueue import TaskQueue
from notify_api.tasks.queues import SERVICE_CALLBACKS
from notify_api.timeutils import utc_now

log = get_logger(__name__)

SMS_RECEIPT_FROM: Final = frozenset({SENDING, PENDING, SENT})
EMAIL_RECEIPT_FROM: Final = frozenset({SENDING, PENDING})
NEVER_SENT: Final = frozenset({CREATED, PENDING_VIRUS_CHECK})
SES: Final = "ses"
# SES may report before our send has committed the message id; younger events are retried.
SES_LOOKUP_GRACE: Final = timedelta(minutes=5)

SEND_DELIVERY_STATUS: Final = "send-delivery-status"
SEND_COMPLAINT: Final = "send-complaint"


def _enqueue_after_commit(work: UnitOfWork, tasks: TaskQueue, actor: str, *args: str) -> None:
    async def enqueue() -> None:
        await tasks.enqueue(actor, SERVICE_CALLBACKS, *args)

    work.after_commit(enqueue)


async def _queue_delivery_callback(
    work: UnitOfWork, tasks: TaskQueue, notification: LockedNotification
) -> bool:
    if not await has_service_callback(work.connection, notification.service_id, DELIVERY_STATUS):
        return False
    _enqueue_after_commit(work, tasks, SEND_DELIVERY_STATUS, str(notification.id))
    return True


def _log_duplicate(notification: LockedNotification, new_status: str) -> None:
    log.info(
        "receipt.duplicate_callback",
        notification_id=str(notification.id),
        current_status=notification.status,
        new_status=new_status,
    )


def _rejected(
    provider: str, reason: RejectReason, notification: LockedNotification | None = None, **fields: str
) -> ReceiptResult:
    """Log (ids and statuses only, never recipients) and count a receipt we refuse to apply."""
    if notification is not None:
        fields = {
            "notification_id": str(notification.id),
            "notification_type": notification.notification_type,
            "current_status": notification.status,
            "sent_by": str(notification.sent_by),
            **fields,
        }
    log.warning("receipt.rejected", provider=provider, reason=str(reason), **fields)
    count_rejected_receipt(provider, str(reason))
    outcome = {
        RejectReason.NOT_FOUND: ReceiptOutcome.NOT_FOUND,
        RejectReason.INVALID_REFERENCE: ReceiptOutcome.INVALID_REFERENCE,
    }.get(reason, ReceiptOutcome.REJECTED)
    return ReceiptResult(outcome, reason=reason)


def _mismatch(notification: LockedNotification, notification_type: str, provider: str) -> RejectReason | None:
    """Why this receipt may not touch this notification, whatever its status; None if it may."""
    if notification.notification_type != notification_type:
        return RejectReason.WRONG_TYPE
    if notification.status in NEVER_SENT:
        return RejectReason.NOT_SENT
    if notification.sent_by != provider:
        return RejectReason.WRONG_PROVIDER
    return None


async def _sms_billable_units(
    work: UnitOfWork, encryption: Encryption, notification: LockedNotification
) -> int | None:
    """Fragments of the text as sent (service name prefix included), for rows saved without them."""
    inputs = await get_sms_billing_inputs(work.connection, notification)
    if inputs is None:
        return None
    content, service_name, prefix_sms = inputs
    personalisation = (
        encryption.decrypt_json(notification.encrypted_personalisation)
        if notification.encrypted_personalisation
        else {}
    )
    text = sms_text(content, personalisation, prefix=service_name if prefix_sms else None)
    return sms_fragment_count(text)


def _decide_sms_status(notification: LockedNotification, client_name: str, mapped: MappedStatus) -> str:
    if (
        client_name == FIRETEXT
        and mapped.failure_without_code
        and mapped.status == PERMANENT_FAILURE
        and notification.status == PENDING
    ):
        return TEMPORARY_FAILURE
    return mapped.status


async def apply_sms_receipt(
    work: UnitOfWork,
    encryption: Encryption,
    tasks: TaskQueue,
    *,
    status: str,
    reference: str,
    client_name: str,
    code: str | None = None,
) -> ReceiptResult:
    provider = client_name.lower()
    try:
        notification_id = uuid.UUID(str(reference))
    except ValueError:
        return _rejected(provider, RejectReason.INVALID_REFERENCE)
    unknown_status = False
    try:
        mapped = map_sms_status(client_name, status, code)
    except UnknownProviderStatus:
        mapped, unknown_status = MappedStatus(TECHNICAL_FAILURE), True
    notification = await lock_notification_by_id(work.connection, notification_id)
    if notification is None:
        return _rejected(provider, RejectReason.NOT_FOUND, notification_id=str(notification_id))
    if (
        notification.notification_type == SMS
        and notification.status == SENDING
        and notification.sent_by is None
    ):
        # Claimed by a delivery worker whose send is not recorded yet: the provider answered first.
        return ReceiptResult(ReceiptOutcome.NOT_RECORDED_YET)
    mismatch = _mismatch(notification, SMS, provider)
    if mismatch is not None:
        return _rejected(provider, mismatch, notification)
    if notification.status not in SMS_RECEIPT_FROM:
        _log_duplicate(notification, mapped.status)
        return ReceiptResult(ReceiptOutcome.DUPLICATE)
    if notification.international and not country_records_delivery(notification.phone_prefix):
        return ReceiptResult(ReceiptOutcome.IGNORED)

    new_status = _decide_sms_status(notification, client_name, mapped)
    billable_units = None
    if notification.billable_units == 0:
        billable_units = await _sms_billable_units(work, encryption, notification)
    await set_notification_status(work.connection, notification, new_status, billable_units=billable_units)
    if unknown_status:
        log.error(
            "receipt.sms.unknown_status",
            notification_id=str(notification.id),
            client=client_name,
            provider_status=str(status),
        )
    else:
        log.info(
            "receipt.sms.applied", notification_id=str(notification.id), client=client_name, status=new_status
        )
    queued = new_status != PENDING and await _queue_delivery_callback(work, tasks, notification)
    return ReceiptResult(ReceiptOutcome.UPDATED, status=new_status, callback_queued=queued)


async def apply_ses_event(work: UnitOfWork, tasks: TaskQueue, event: SesEvent) -> ReceiptResult:
    if event.event_type == "Complaint":
        return await record_complaint(work, tasks, event)
    new_status = map_ses_event(event.event_type, {"bounceType": event.bounce_type})
    if new_status is None:
        log.warning("receipt.ses.unhandled_event_type", event_type=event.event_type)
        return ReceiptResult(ReceiptOutcome.IGNORED)
    notification = await _email_of(work, event)
    if notification is None:
        age = utc_now() - event.mail_timestamp if event.mail_timestamp else None
        if age is not None and age < SES_LOOKUP_GRACE:
            log.info("receipt.ses.notification_not_found_yet", ses_message_id=event.message_id)
            return ReceiptResult(ReceiptOutcome.NOT_FOUND_YET)
        return _rejected(SES, RejectReason.NOT_FOUND, ses_message_id=event.message_id)
    mismatch = _mismatch(notification, EMAIL, SES)
    if mismatch is not None:
        return _rejected(SES, mismatch, notification)
    if notification.status not in EMAIL_RECEIPT_FROM:
        _log_duplicate(notification, new_status)
        return ReceiptResult(ReceiptOutcome.DUPLICATE)
    await set_notification_status(work.connection, notification, new_status)
    log.info(
        "receipt.ses.applied",
        notification_id=str(notification.id),
        status=new_status,
        bounce_type=event.bounce_type,
        bounce_sub_type=event.bounce_sub_type,
    )
    queued = await _queue_delivery_callback(work, tasks, notification)
    return ReceiptResult(ReceiptOutcome.UPDATED, status=new_status, callback_queued=queued)


async def _email_of(work: UnitOfWork, event: SesEvent) -> LockedNotification | None:
    """The email an SES event is about: by SES's message id, or, for an email whose sender died before
    recording that id, by the notification id we tagged it with (the id is then recorded)."""
    notification = await lock_notification_by_reference(work.connection, event.message_id)
    if notification is not None or event.notification_id is None:
        return notification
    try:
        notification_id = uuid.UUID(event.notification_id)
    except ValueError:
        return None
    notification = await lock_email_awaiting_its_ses_reference(work.connection, notification_id)
    if notification is not None:
        await set_reference(work.connection, notification_id, event.message_id)
    return notification


async def record_complaint(work: UnitOfWork, tasks: TaskQueue, event: SesEvent) -> ReceiptResult:
    """A complaint leaves the status alone: it is stored and, if the service asked, forwarded."""
    notification = await _email_of(work, event)
    if notification is None:
        return _rejected(SES, RejectReason.NOT_FOUND, ses_message_id=event.message_id)
    mismatch = _mismatch(notification, EMAIL, SES)
    if mismatch is not None:
        return _rejected(SES, mismatch, notification)
    complaint_id = await insert_complaint(
        work.connection,
        notification_id=notification.id,
        service_id=notification.service_id,
        ses_feedback_id=event.feedback_id,
        complaint_type=event.complaint_type,
        complaint_date=event.complaint_date,
    )
    log.info("receipt.ses.complaint", notification_id=str(notification.id), complaint_id=str(complaint_id))
    queued = await has_service_callback(work.connection, notification.service_id, COMPLAINT)
    if queued:
        _enqueue_after_commit(work, tasks, SEND_COMPLAINT, str(complaint_id))
    return ReceiptResult(ReceiptOutcome.UPDATED, callback_queued=queued)

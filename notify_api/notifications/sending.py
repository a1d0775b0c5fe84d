"""POST /v2/notifications/sms and /email: every check in Notify's order, then persist, commit, enqueue.

Order (first failure wins): schema, permission, rate and daily limits, template, sender, recipient (trial mode
and team keys, international permission), files, length; then persist (simulated recipients excepted), commit,
enqueue after commit.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Final

from notify_api.api_keys.types import KEY_TYPE_TEAM, KEY_TYPE_TEST
from notify_api.authentication.service import AuthenticatedService
from notify_api.documents.operations import upload_personalisation_files
from notify_api.errors import BadRequestError
from notify_api.logging import get_logger
from notify_api.notifications.limits import SendReservation, reserve_send
from notify_api.notifications.persist import insert_notification
from notify_api.notifications.queueing import enqueue_delivery
from notify_api.notifications.sending_checks import (
    check_permission,
    check_template_content,
    resolve_template,
    uploaded_files,
)
from notify_api.notifications.sending_queries import get_reply_to, get_sms_sender
from notify_api.notifications.types import EMAIL, SMS, NewNotification
from notify_api.recipients import format_recipient
from notify_api.recipients.phone import phone_info, try_format_sender, validate_phone_number
from notify_api.rendering import SMS_CHAR_COUNT_LIMIT, EmailTemplate, SmsTemplate
from notify_api.runtime import Runtime
from notify_api.services.types import ServiceSummary
from notify_api.templates.types import TemplateRecord
from notify_api.timeutils import utc_now
from notify_api.validation import validate
from notify_api.validation.schemas import POST_EMAIL_REQUEST, POST_SMS_REQUEST

log = get_logger(__name__)

EMAIL_BYTE_LIMIT: Final = 2_000_000
SIMULATED_SMS_NUMBERS: Final = frozenset({"447700900000", "447700900111", "447700900222"})
SIMULATED_EMAIL_ADDRESSES: Final = frozenset(
    {
        "simulate-delivered@notifications.service.gov.uk",
        "simulate-delivered-2@notifications.service.gov.uk",
        "simulate-delivered-3@notifications.service.gov.uk",
    }
)
TEAM_KEY_RECIPIENT: Final = "Can’t send to this recipient using a team-only API key"
TRIAL_MODE_RECIPIENT: Final = (
    "Can’t send to this recipient when service is in trial mode – see "
    "https://www.notifications.service.gov.uk/trial-mode"
)


@dataclass(frozen=True, slots=True)
class AcceptedNotification:
    id: uuid.UUID
    client_reference: str | None
    template: TemplateRecord
    body: str
    subject: str | None
    reply_to_text: str | None


async def check_recipient_allowed(
    runtime: Runtime, service: ServiceSummary, key_type: str, recipient: str
) -> None:
    """Team keys, and live keys of services in trial mode, may only send to the team and the guest list."""
    if key_type == KEY_TYPE_TEST or (key_type != KEY_TYPE_TEAM and not service.restricted):
        return
    allowed = await runtime.sending_caches.allowed_recipients.get(service.id)
    if format_recipient(recipient) not in allowed:
        raise BadRequestError(TEAM_KEY_RECIPIENT if key_type == KEY_TYPE_TEAM else TRIAL_MODE_RECIPIENT)


async def _sms_reply_to(runtime: Runtime, service: ServiceSummary, body: dict[str, Any]) -> str | None:
    sender_id = body.get("sms_sender_id")
    if sender_id is not None:
        async with runtime.database.read() as connection:
            sender = await get_sms_sender(connection, service.id, uuid.UUID(sender_id))
        if sender is None:
            raise BadRequestError(
                f"sms_sender_id {sender_id} does not exist in database for service id {service.id}"
            )
    else:
        sender = (await runtime.sending_caches.senders.get(service.id)).default_sms_sender
    return try_format_sender(sender) if sender else None


async def _email_reply_to(runtime: Runtime, service: ServiceSummary, body: dict[str, Any]) -> str | None:
    reply_to_id = body.get("email_reply_to_id")
    if reply_to_id is None:
        return (await runtime.sending_caches.senders.get(service.id)).default_reply_to
    async with runtime.database.read() as connection:
        reply_to = await get_reply_to(connection, service.id, uuid.UUID(reply_to_id))
    if reply_to is None:
        raise BadRequestError(
            f"email_reply_to_id {reply_to_id} does not exist in database for service id {service.id}"
        )
    return reply_to


def _check_files(service: ServiceSummary, personalisation: dict[str, Any], admin_base_url: str) -> list[str]:
    files = uploaded_files(personalisation)
    if files and not service.contact_link:
        raise BadRequestError(
            "Send files by email has not been set up - add contact details for your service at "
            f"{admin_base_url}/services/{service.id}/service-settings/send-files-by-email"
        )
    return files


async def accept_sms_or_email(
    runtime: Runtime, auth: AuthenticatedService, notification_type: str, body: Any
) -> AcceptedNotification:
    validate(body, POST_SMS_REQUEST if notification_type == SMS else POST_EMAIL_REQUEST)
    service, key_type = auth.service, auth.api_key.key_type
    check_permission(service, notification_type)
    async with reserve_send(
        runtime.redis,
        service,
        key_type,
        enabled=runtime.settings.redis_enabled,
        rate_limit_enabled=runtime.settings.api_rate_limit_enabled,
    ) as reservation:
        return await _accept_within_limits(runtime, auth, notification_type, body, reservation)


async def _accept_within_limits(
    runtime: Runtime,
    auth: AuthenticatedService,
    notification_type: str,
    body: dict[str, Any],
    reservation: SendReservation,
) -> AcceptedNotification:
    service, key_type = auth.service, auth.api_key.key_type
    template = await resolve_template(runtime, service.id, body["template_id"], notification_type)
    personalisation: dict[str, Any] = body.get("personalisation") or {}
    renderer = template.renderer()
    check_template_content(renderer, personalisation)

    now = utc_now()
    notification = NewNotification(
        service_id=service.id,
        template_id=template.id,
        template_version=template.version,
        notification_type=notification_type,
        to="",
        normalised_to=None,
        personalisation=personalisation,
        key_type=key_type,
        api_key_id=auth.api_key.id,
        created_at=now,
        client_reference=body.get("reference"),
    )
    if notification_type == SMS:
        assert isinstance(renderer, SmsTemplate)
        notification.reply_to_text = await _sms_reply_to(runtime, service, body)
        recipient = body["phone_number"]
        await check_recipient_allowed(runtime, service, key_type, recipient)
        normalised = validate_phone_number(recipient, international=True)
        info = phone_info(normalised)
        if (
            info.international
            and not info.crown_dependency
            and not service.has_permission("international_sms")
        ):
            raise BadRequestError("Cannot send to international mobile numbers")
        if files := _check_files(service, personalisation, runtime.settings.admin_base_url):
            notification.document_download_count = await upload_personalisation_files(
                runtime.settings,
                service.id,
                personalisation,
                files,
                simulated=normalised in SIMULATED_SMS_NUMBERS,
            )
        length = renderer.content_count(personalisation)
        if length > SMS_CHAR_COUNT_LIMIT:
            raise BadRequestError(
                f"Your message is too long. Text messages cannot be longer than {SMS_CHAR_COUNT_LIMIT} "
                f"characters. Your message is {length} characters long."
            )
        notification.international = info.international
        notification.phone_prefix = info.prefix
        notification.rate_multiplier = float(info.rate_multiplier)
        simulated = normalised in SIMULATED_SMS_NUMBERS
        rendered_body, subject = renderer.render_body(personalisation), None
    else:
        assert isinstance(renderer, EmailTemplate)
        notification.reply_to_text = await _email_reply_to(runtime, service, body)
        recipient = body["email_address"]
        await check_recipient_allowed(runtime, service, key_type, recipient)
        normalised = recipient.strip().lower()
        if files := _check_files(service, personalisation, runtime.settings.admin_base_url):
            notification.document_download_count = await upload_personalisation_files(
                runtime.settings,
                service.id,
                personalisation,
                files,
                simulated=normalised in SIMULATED_EMAIL_ADDRESSES,
            )
        rendered_body = renderer.render_body(personalisation)
        size = len(rendered_body.encode())
        if size > EMAIL_BYTE_LIMIT:
            raise BadRequestError(
                f"Your message is too long. Emails cannot be longer than {EMAIL_BYTE_LIMIT} bytes. "
                f"Your message is {size} bytes."
            )
        subject = renderer.render_subject(personalisation)
        simulated = normalised in SIMULATED_EMAIL_ADDRESSES

    notification.to = recipient
    notification.normalised_to = normalised
    accepted = AcceptedNotification(
        id=notification.id,
        client_reference=notification.client_reference,
        template=template,
        body=rendered_body,
        subject=subject,
        reply_to_text=notification.reply_to_text,
    )
    if simulated:
        reservation.release()  # a normal 201, but never stored, sent or counted
        return accepted
    await persist_and_enqueue(
        runtime, notification, research_mode=service.research_mode, priority=template.is_priority
    )
    return accepted


async def persist_and_enqueue(
    runtime: Runtime, notification: NewNotification, *, research_mode: bool, priority: bool
) -> None:
    """Insert (committed), then enqueue delivery. The send was counted against today's limit already."""
    # One statement, so one implicit transaction: a single round trip to PostgreSQL.
    async with runtime.database.autocommit() as connection:
        await insert_notification(connection, runtime.encryption, notification)

    async def enqueue() -> None:
        try:
            await enqueue_delivery(
                runtime.tasks,
                notification.id,
                notification.notification_type,
                notification.key_type,
                research_mode=research_mode,
                priority=priority,
            )
        except Exception as error:
            # The row is committed as `created`: the outbox sweeper enqueues it again, so it is still sent.
            log.error(
                "notification.enqueue_failed",
                notification_id=str(notification.id),
                error=type(error).__name__,
            )

    await enqueue()


__all__ = ["EMAIL", "AcceptedNotification", "accept_sms_or_email", "persist_and_enqueue"]

"""POST /service/{id}/send-notification: one message sent from the admin site by a team member.

Checks in the original order (template, content, daily limit, recipient, sender), then persist with a normal
key type and the sending user as ``created_by``, and enqueue once the transaction commits.
"""

from __future__ import annotations

import uuid
from typing import Any, Final

from notify_api.api_keys.types import KEY_TYPE_NORMAL
from notify_api.db.database import UnitOfWork
from notify_api.errors import BadRequestError, InvalidRequest, NotFoundError
from notify_api.notifications.limits import check_send_limits, count_sent_today
from notify_api.notifications.persist import insert_notification
from notify_api.notifications.queueing import enqueue_delivery
from notify_api.notifications.sending_letters import letter_reference
from notify_api.notifications.types import DELIVERED, EMAIL, LETTER, SMS, NewNotification
from notify_api.recipients import (
    InvalidEmailError,
    InvalidPhoneError,
    allowed_to_send_to,
    phone_info,
    try_format_sender,
    validate_email_address,
    validate_phone_number,
)
from notify_api.rendering import SMS_CHAR_COUNT_LIMIT, SmsTemplate, missing_personalisation_message
from notify_api.runtime import Runtime
from notify_api.senders import queries as sender_queries
from notify_api.senders.types import REPLY_TO, SMS_SENDER
from notify_api.services import member_queries
from notify_api.services.queries import get_service_summary
from notify_api.services.types import ServiceSummary
from notify_api.templates.queries import get_template
from notify_api.templates.types import TemplateRecord
from notify_api.timeutils import utc_now
from notify_api.validation import validate

TRIAL_MODE_RECIPIENT: Final = (
    "Can’t send to this recipient when service is in trial mode – see "
    "https://www.notifications.service.gov.uk/trial-mode"
)
_UUID: Final = {"type": "string", "format": "uuid", "validationMessage": "is not a valid UUID"}
SEND_SCHEMA: Final[dict[str, Any]] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "properties": {
        "template_id": _UUID,
        "to": {"type": "string"},
        "personalisation": {"type": ["object", "null"]},
        "created_by": _UUID,
        "sender_id": {"anyOf": [_UUID, {"type": "null"}]},
    },
    "required": ["template_id", "to", "created_by"],
}


def _check_content(template: TemplateRecord, personalisation: dict[str, Any]) -> None:
    if template.archived:
        raise BadRequestError(f"Template {template.id} has been deleted")
    renderer = template.renderer()
    missing = renderer.missing(personalisation)
    if missing:
        raise BadRequestError(missing_personalisation_message(missing))
    if renderer.is_empty(personalisation):
        raise BadRequestError("Your message is empty.")
    if isinstance(renderer, SmsTemplate):
        count = renderer.content_count(personalisation)
        if count > SMS_CHAR_COUNT_LIMIT:
            raise BadRequestError(
                f"Your message is too long. Text messages cannot be longer than {SMS_CHAR_COUNT_LIMIT} "
                f"characters. Your message is {count} characters long."
            )


async def _check_trial_mode(work: UnitOfWork, service: ServiceSummary, recipient: str) -> None:
    """A service in trial mode may send one-off messages to its team only (not the guest list)."""
    if not service.restricted:
        return
    team = [
        contact
        for pair in await member_queries.member_contacts(work.connection, service.id)
        for contact in pair
        if contact
    ]
    if not allowed_to_send_to(recipient, team):
        raise BadRequestError(TRIAL_MODE_RECIPIENT)


def _address_details(service: ServiceSummary, notification: NewNotification) -> None:
    """Validate and normalise the recipient, and fill the billing facts of a text message."""
    try:
        if notification.notification_type == SMS:
            normalised = validate_phone_number(notification.to, international=True)
            info = phone_info(normalised)
            if (
                info.international
                and not info.crown_dependency
                and not service.has_permission("international_sms")
            ):
                raise BadRequestError("Cannot send to international mobile numbers")
            notification.normalised_to = normalised
            notification.international = info.international
            notification.phone_prefix = info.prefix
            notification.rate_multiplier = info.rate_multiplier
        elif notification.notification_type == EMAIL:
            notification.normalised_to = validate_email_address(notification.to).lower()
        else:
            notification.normalised_to = "".join(notification.to.split()).lower()
    except (InvalidPhoneError, InvalidEmailError) as error:
        raise InvalidRequest(str(error), 400) from error


async def _reply_to(
    work: UnitOfWork, service: ServiceSummary, template: TemplateRecord, sender_id: uuid.UUID | None
) -> str | None:
    connection = work.connection
    if template.template_type == EMAIL:
        if sender_id is not None:
            reply_to = await sender_queries.get_sender(connection, REPLY_TO, service.id, sender_id)
            if reply_to is None:
                raise BadRequestError("Reply to email address not found")
            return reply_to.value
        default = await sender_queries.get_default(connection, REPLY_TO, service.id)
        return default.value if default else None
    if template.template_type == SMS:
        if sender_id is not None:
            sender = await sender_queries.get_sender(connection, SMS_SENDER, service.id, sender_id)
            if sender is None:
                raise BadRequestError("SMS sender not found")
        else:
            sender = await sender_queries.get_default(connection, SMS_SENDER, service.id)
        return try_format_sender(sender.value) if sender else None
    return template.letter_contact_block


async def send_one_off(
    work: UnitOfWork, runtime: Runtime, service_id: uuid.UUID, body: dict[str, Any]
) -> uuid.UUID:
    validate(body, SEND_SCHEMA)
    connection = work.connection
    service = await get_service_summary(connection, service_id)
    if service is None:
        raise NotFoundError()
    template = await get_template(connection, service_id, uuid.UUID(body["template_id"]))
    if template is None:
        raise NotFoundError()
    personalisation: dict[str, Any] = body.get("personalisation") or {}
    _check_content(template, personalisation)
    if runtime.settings.redis_enabled:
        await check_send_limits(runtime.redis, service, KEY_TYPE_NORMAL, rate_limit_enabled=False)

    notification = NewNotification(
        service_id=service.id,
        template_id=template.id,
        template_version=template.version,
        notification_type=template.template_type,
        to=body["to"],
        normalised_to=None,
        personalisation=personalisation or None,
        key_type=KEY_TYPE_NORMAL,
        api_key_id=None,
        created_at=utc_now(),
        created_by_id=uuid.UUID(body["created_by"]),
    )
    if template.template_type != LETTER:
        await _check_trial_mode(work, service, notification.to)
        _address_details(service, notification)
    else:
        _address_details(service, notification)
        notification.postage = template.postage
        notification.reference = letter_reference()

    creator = notification.created_by_id
    assert creator is not None
    user_name = await member_queries.user_name(connection, creator)
    if user_name is None:
        raise NotFoundError()
    if creator not in await member_queries.member_ids(connection, service.id):
        raise BadRequestError(
            f'Can’t create notification - {user_name} is not part of the "{service.name}" service'
        )
    sender_id = uuid.UUID(body["sender_id"]) if body.get("sender_id") else None
    notification.reply_to_text = await _reply_to(work, service, template, sender_id)

    research_letter = template.template_type == LETTER and service.research_mode
    if research_letter:
        notification.status = DELIVERED
    await insert_notification(connection, runtime.encryption, notification)

    async def after_commit() -> None:
        if runtime.settings.redis_enabled:
            await count_sent_today(runtime.redis, service.id, KEY_TYPE_NORMAL)
        if not research_letter:
            await enqueue_delivery(
                runtime.tasks,
                notification.id,
                template.template_type,
                KEY_TYPE_NORMAL,
                research_mode=service.research_mode,
                priority=template.is_priority,
            )

    work.after_commit(after_commit)
    return notification.id

"""Steps about the service and the template: permission, limits, template, content and length."""

from __future__ import annotations

from typing import Any, Final

from notify_api.errors import BadRequestError, NotFoundError
from notify_api.notifications.sending.limits import count_within_limits
from notify_api.notifications.sending.request import Origin, Send
from notify_api.rendering import (
    SMS_CHAR_COUNT_LIMIT,
    EmailTemplate,
    LetterTemplate,
    SmsTemplate,
    missing_personalisation_message,
)
from notify_api.templates.queries.records import get_template

EMAIL_BYTE_LIMIT: Final = 2_000_000
_TYPE_NAMES: Final = {"sms": "text messages", "email": "emails", "letter": "letters"}


async def check_permission(send: Send) -> None:
    notification_type = send.request.notification_type
    if not send.service.has_permission(notification_type):
        raise BadRequestError(f"Service is not allowed to send {_TYPE_NAMES[notification_type]}")


async def check_limits(send: Send) -> None:
    """Rate limit (public API only) then daily limit, in one Redis call that also counts the send."""
    settings = send.runtime.settings
    if not settings.redis_enabled:
        return
    send.counted = await count_within_limits(
        send.runtime.redis,
        send.service,
        send.request.key_type,
        send.request.notification_type,
        rate_limit_enabled=settings.api_rate_limit_enabled and send.request.origin is Origin.PUBLIC_API,
    )


async def find_template(send: Send) -> None:
    """The template, its type and state, then the personalisation it needs."""
    request = send.request
    assert request.template_id is not None
    if request.origin is Origin.PUBLIC_API:
        # Cached for a couple of seconds per process: a steady stream of sends reads it once.
        template = await send.runtime.sending_caches.templates.get((request.service.id, request.template_id))
        if template is None:
            raise BadRequestError("Template not found")
        if template.template_type != request.notification_type:
            raise BadRequestError(
                f"{template.template_type} template is not suitable for "
                f"{request.notification_type} notification"
            )
        if template.archived:
            raise BadRequestError("Template has been deleted")
    else:
        async with send.runtime.database.read() as connection:
            template = await get_template(connection, request.service.id, request.template_id)
        if template is None:
            raise NotFoundError()
        if template.archived:
            raise BadRequestError("Template has been deleted")
    send.template = template
    send.renderer = renderer = template.renderer()
    check_content(renderer, send.personalisation)


def check_content(
    renderer: SmsTemplate | EmailTemplate | LetterTemplate, personalisation: dict[str, Any]
) -> None:
    missing = renderer.missing(personalisation)
    if missing:
        raise BadRequestError(missing_personalisation_message(missing))
    if renderer.is_empty(personalisation):
        raise BadRequestError("Your message is empty.")


async def check_length(send: Send) -> None:
    """Render the message (after files became links) and check it fits: 918 characters, 2,000,000 bytes."""
    renderer, personalisation = send.renderer, send.personalisation
    if isinstance(renderer, SmsTemplate):
        length = renderer.content_count(personalisation)
        if length > SMS_CHAR_COUNT_LIMIT:
            raise BadRequestError(
                f"Your message is too long. Text messages cannot be longer than {SMS_CHAR_COUNT_LIMIT} "
                f"characters. Your message is {length} characters long."
            )
        send.body = renderer.render_body(personalisation)
    elif isinstance(renderer, EmailTemplate):
        send.body = renderer.render_body(personalisation)
        size = len(send.body.encode())
        if size > EMAIL_BYTE_LIMIT:
            raise BadRequestError(
                f"Your message is too long. Emails cannot be longer than {EMAIL_BYTE_LIMIT} bytes. "
                f"Your message is {size} bytes."
            )
        send.subject = renderer.render_subject(personalisation)

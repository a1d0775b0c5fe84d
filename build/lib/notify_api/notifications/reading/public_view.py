"""The JSON object the public API shows for one notification (spec §3.4)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

from notify_api.enums import EMAIL, LETTER, SMS
from notify_api.notifications.reading.letter_timings import estimated_delivery
from notify_api.notifications.reading.public_status import completed_at, public_status
from notify_api.notifications.reading.queries import StoredNotification, TemplateVersion
from notify_api.rendering import EmailTemplate, LetterTemplate, SmsTemplate, make_key

# Response field -> personalisation key, matched the way placeholders are (case, spaces, _ and - ignored).
ADDRESS_FIELDS: Final = (
    *((f"line_{n}", make_key(f"address_line_{n}")) for n in range(1, 7)),
    ("postcode", make_key("postcode")),
)

Renderer = SmsTemplate | EmailTemplate | LetterTemplate


def format_datetime(value: datetime | None) -> str | None:
    """``2022-01-21T11:01:39.123456Z`` like ``timeutils.format_datetime``, at half the cost of strftime:
    a page formats a thousand of these."""
    return value.isoformat(timespec="microseconds") + "Z" if value is not None else None


def renderer_for(template: TemplateVersion) -> Renderer:
    if template.template_type == SMS:
        return SmsTemplate(template.content)
    if template.template_type == EMAIL:
        return EmailTemplate(template.content, template.subject or "")
    return LetterTemplate(template.content, template.subject or "")


def template_uri(host: str, template: TemplateVersion) -> str:
    return f"{host}/v2/template/{template.id}/version/{template.version}"


class RenderedContent:
    """Body and subject of a notification, rendered from its template and personalisation."""

    __slots__ = ("body", "subject")

    def __init__(self, renderer: Renderer, personalisation: Mapping[str, Any]) -> None:
        self.body: str = renderer.render_body(personalisation)
        self.subject: str | None = renderer.render_subject(personalisation)


def address_fields(personalisation: Mapping[str, Any]) -> dict[str, Any]:
    keyed = {make_key(str(key)): value for key, value in personalisation.items()}
    return {field: keyed.get(key) for field, key in ADDRESS_FIELDS}


def notification_json(
    notification: StoredNotification,
    template: TemplateVersion,
    content: RenderedContent,
    personalisation: Mapping[str, Any],
    host: str,
) -> dict[str, Any]:
    """``host`` is API_HOST_NAME, used for the template's URI."""
    kind = notification.notification_type
    is_letter = kind == LETTER
    address = address_fields(personalisation) if is_letter else dict.fromkeys(dict(ADDRESS_FIELDS))
    serialised: dict[str, Any] = {
        "id": str(notification.id),
        "reference": notification.client_reference,
        "email_address": notification.to if kind == EMAIL else None,
        "phone_number": notification.to if kind == SMS else None,
        **address,
        "type": kind,
        "status": public_status(kind, notification.status),
        "template": {
            "id": str(template.id),
            "version": template.version,
            "uri": template_uri(host, template),
        },
        "body": content.body,
        "subject": content.subject,
        "created_at": format_datetime(notification.created_at),
        "created_by_name": notification.created_by_name,
        "sent_at": format_datetime(notification.sent_at),
        "completed_at": format_datetime(completed_at(notification.status, notification.updated_at)),
        "scheduled_for": None,
        "postage": notification.postage,
    }
    if is_letter:
        serialised["estimated_delivery"] = format_datetime(
            estimated_delivery(notification.created_at, notification.postage)
        )
    return serialised

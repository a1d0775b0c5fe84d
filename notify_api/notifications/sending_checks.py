"""Checks shared by every POST /v2/notifications endpoint (text messages, emails and letters)."""

from __future__ import annotations

import uuid
from typing import Any, Final

from notify_api.errors import BadRequestError
from notify_api.rendering import EmailTemplate, LetterTemplate, SmsTemplate, missing_personalisation_message
from notify_api.runtime import Runtime
from notify_api.services.types import ServiceSummary
from notify_api.templates.types import TemplateRecord

_TYPE_NAMES: Final = {"sms": "text messages", "email": "emails", "letter": "letters"}


def check_permission(service: ServiceSummary, notification_type: str) -> None:
    if not service.has_permission(notification_type):
        raise BadRequestError(f"Service is not allowed to send {_TYPE_NAMES[notification_type]}")


async def resolve_template(
    runtime: Runtime, service_id: uuid.UUID, template_id: str, notification_type: str
) -> TemplateRecord:
    template = await runtime.sending_caches.templates.get((service_id, uuid.UUID(template_id)))
    if template is None:
        raise BadRequestError("Template not found")
    if template.template_type != notification_type:
        raise BadRequestError(
            f"{template.template_type} template is not suitable for {notification_type} notification"
        )
    if template.archived:
        raise BadRequestError("Template has been deleted")
    return template


def check_template_content(
    renderer: SmsTemplate | EmailTemplate | LetterTemplate, personalisation: dict[str, Any]
) -> None:
    missing = renderer.missing(personalisation)
    if missing:
        raise BadRequestError(missing_personalisation_message(missing))
    if renderer.is_empty(personalisation):
        raise BadRequestError("Your message is empty.")


def uploaded_files(personalisation: dict[str, Any]) -> list[str]:
    """Names of personalisation values that are files sent with ``prepare_upload``."""
    return [key for key, value in personalisation.items() if isinstance(value, dict) and "file" in value]

"""What a claimed notification becomes on the wire: the SMS text and billable units, or the email."""

from __future__ import annotations

import math
from typing import Any

from notify_api.crypto import Encryption
from notify_api.notifications.delivery.queries import ClaimedNotification, EmailBranding
from notify_api.rendering import EmailTemplate, SmsTemplate
from notify_api.settings import Settings
from notify_workers.delivery.email_message import OutgoingEmail, html_document, sender_address
from notify_workers.providers.base import SmsRequest


class UnsendableError(Exception):
    """The notification cannot be rendered (e.g. personalisation that cannot be read): never retried."""


def personalisation_of(claimed: ClaimedNotification, encryption: Encryption) -> dict[str, Any]:
    if not claimed.encrypted_personalisation:
        return {}
    try:
        values = encryption.decrypt_json(claimed.encrypted_personalisation)
    except ValueError as error:
        raise UnsendableError("personalisation cannot be decrypted") from error
    return dict(values) if isinstance(values, dict) else {}


def sms_prefix(claimed: ClaimedNotification) -> str | None:
    return claimed.service_name if claimed.prefix_sms else None


def sms_billable_units(claimed: ClaimedNotification, values: dict[str, Any]) -> int:
    """Fragments of the message as sent (with the prefix), times the rate multiplier abroad."""
    fragments = SmsTemplate(claimed.template_content).fragment_count(values, prefix=sms_prefix(claimed))
    if claimed.international and claimed.rate_multiplier:
        return math.ceil(fragments * claimed.rate_multiplier)
    return fragments


def sms_request(claimed: ClaimedNotification, values: dict[str, Any], settings: Settings) -> SmsRequest:
    content = SmsTemplate(claimed.template_content).render_body(values, prefix=sms_prefix(claimed))
    return SmsRequest(
        to=claimed.normalised_to or claimed.to,
        content=content,
        reference=str(claimed.id),
        sender=claimed.reply_to_text or settings.from_number,
        international=claimed.international,
    )


def outgoing_email(
    claimed: ClaimedNotification,
    values: dict[str, Any],
    settings: Settings,
    branding: EmailBranding | None,
) -> OutgoingEmail:
    template = EmailTemplate(claimed.template_content, claimed.template_subject or "")
    return OutgoingEmail(
        source=sender_address(claimed.service_name, claimed.email_from, settings.notify_email_domain),
        to=claimed.to.strip(),
        subject=template.render_subject(values),
        text_body=template.render_body(values),
        html_body=html_document(template.render_html(values), branding, settings.admin_base_url),
        reply_to=claimed.reply_to_text,
    )

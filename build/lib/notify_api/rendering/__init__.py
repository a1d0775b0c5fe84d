"""Template rendering: placeholders, text messages, emails and letter addresses (spec §6).

Most callers need only the template objects; the functions are exported for workers and previews.
"""

from __future__ import annotations

from notify_api.rendering.email import email_plain_body, email_subject, is_message_empty, letter_subject
from notify_api.rendering.email_html import email_html_body
from notify_api.rendering.letter_address import InvalidAddressError, PostalAddress
from notify_api.rendering.placeholders import (
    make_key,
    missing_names,
    missing_personalisation_message,
    placeholder_names,
)
from notify_api.rendering.sms import (
    SMS_CHAR_COUNT_LIMIT,
    sms_body,
    sms_content_count,
    sms_fragment_count,
    sms_text,
)
from notify_api.rendering.templates import EmailTemplate, LetterTemplate, SmsTemplate
from notify_api.rendering.typography import escape_html

__all__ = [
    "SMS_CHAR_COUNT_LIMIT",
    "EmailTemplate",
    "InvalidAddressError",
    "LetterTemplate",
    "PostalAddress",
    "SmsTemplate",
    "email_html_body",
    "email_plain_body",
    "email_subject",
    "escape_html",
    "is_message_empty",
    "letter_subject",
    "make_key",
    "missing_names",
    "missing_personalisation_message",
    "placeholder_names",
    "sms_body",
    "sms_content_count",
    "sms_fragment_count",
    "sms_text",
]

"""Plain-text email and letter values returned by the API: body and subject (spec §6.3)."""

from __future__ import annotations

from notify_api.rendering.placeholders import Personalisation, fill
from notify_api.rendering.typography import escape_html, normalise_whitespace, smart_typography


def email_plain_body(content: str, values: Personalisation | None) -> str:
    """The body with placeholders filled and lists as markdown; the markdown is not rendered."""
    return fill(content, values, markdown_lists=True).strip()


def email_subject(subject: str, values: Personalisation | None) -> str:
    return normalise_whitespace(smart_typography(fill(subject, values)))


def letter_subject(subject: str, values: Personalisation | None) -> str:
    """Like the email subject, but the subject text and the values are HTML-escaped."""
    return normalise_whitespace(smart_typography(fill(subject, values, escape=escape_html)))


def is_message_empty(content: str, values: Personalisation | None) -> bool:
    """Email and letter: empty if there is no content, or it is a lone placeholder filled with nothing.

    Content that does not start and end with a placeholder always has some text of its own.
    """
    if not content:
        return True
    if not (content.startswith("((") and content.endswith("))")):
        return False
    return email_plain_body(content, values) == ""

"""One object per template type, so API code renders any template the same way."""

from __future__ import annotations

from dataclasses import dataclass

from notify_api.rendering.email import email_plain_body, email_subject, is_message_empty, letter_subject
from notify_api.rendering.email_html import email_html_body
from notify_api.rendering.placeholders import Personalisation, missing_names, placeholder_names
from notify_api.rendering.sms import sms_body, sms_content_count, sms_fragment_count, sms_text


@dataclass(frozen=True)
class SmsTemplate:
    content: str

    @property
    def placeholders(self) -> list[str]:
        return placeholder_names(self.content)

    def missing(self, values: Personalisation | None) -> list[str]:
        return missing_names(self.placeholders, values)

    def render_body(self, values: Personalisation | None, *, prefix: str | None = None) -> str:
        """The encoded message; pass the service name as ``prefix`` only when sending."""
        return sms_body(self.content, values, prefix=prefix)

    def render_subject(self, values: Personalisation | None) -> str | None:
        """Text messages have no subject."""
        return None

    def content_count(self, values: Personalisation | None) -> int:
        return sms_content_count(self.content, values)

    def fragment_count(self, values: Personalisation | None, *, prefix: str | None = None) -> int:
        return sms_fragment_count(sms_text(self.content, values, prefix=prefix))

    def is_empty(self, values: Personalisation | None) -> bool:
        return self.content_count(values) == 0


@dataclass(frozen=True)
class EmailTemplate:
    content: str
    subject: str

    @property
    def placeholders(self) -> list[str]:
        """Subject placeholders first, then the body's: the order of a missing-personalisation error."""
        return placeholder_names(self.subject, self.content)

    def missing(self, values: Personalisation | None) -> list[str]:
        return missing_names(self.placeholders, values)

    def render_body(self, values: Personalisation | None) -> str:
        return email_plain_body(self.content, values)

    def render_subject(self, values: Personalisation | None) -> str:
        return email_subject(self.subject, values)

    def render_html(self, values: Personalisation | None) -> str:
        return email_html_body(self.content, values)

    def is_empty(self, values: Personalisation | None) -> bool:
        return is_message_empty(self.content, values)


@dataclass(frozen=True)
class LetterTemplate:
    content: str
    subject: str
    contact_block: str | None = None
    postage: str | None = None

    @property
    def placeholders(self) -> list[str]:
        """Contact block, then subject, then body: the order of a missing-personalisation error."""
        return placeholder_names(self.contact_block, self.subject, self.content)

    def missing(self, values: Personalisation | None) -> list[str]:
        return missing_names(self.placeholders, values)

    def render_body(self, values: Personalisation | None) -> str:
        return email_plain_body(self.content, values)

    def render_subject(self, values: Personalisation | None) -> str:
        return letter_subject(self.subject, values)

    def is_empty(self, values: Personalisation | None) -> bool:
        return is_message_empty(self.content, values)

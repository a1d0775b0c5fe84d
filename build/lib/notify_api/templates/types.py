"""Typed views of templates."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from notify_api.rendering import EmailTemplate, LetterTemplate, SmsTemplate

# templates_history.version is a PostgreSQL integer: no larger version exists (or can be a parameter).
MAX_VERSION: Final = 2**31 - 1


@dataclass(frozen=True, slots=True)
class TemplateRecord:
    """One version of a template, with the letter contact block it uses (if any)."""

    id: uuid.UUID
    service_id: uuid.UUID
    name: str
    template_type: str
    content: str
    subject: str | None
    version: int
    archived: bool
    hidden: bool
    process_type: str
    postage: str | None
    letter_contact_block: str | None
    created_at: datetime
    updated_at: datetime | None
    created_by_id: uuid.UUID

    @property
    def is_priority(self) -> bool:
        return self.process_type == "priority"

    def renderer(self) -> SmsTemplate | EmailTemplate | LetterTemplate:
        if self.template_type == "sms":
            return SmsTemplate(self.content)
        if self.template_type == "email":
            return EmailTemplate(self.content, self.subject or "")
        return LetterTemplate(self.content, self.subject or "", self.letter_contact_block, self.postage)


@dataclass(frozen=True, slots=True)
class ListedTemplate:
    """A current template with its creator's email address, as the public list shows it."""

    template: TemplateRecord
    created_by_email: str | None


@dataclass(frozen=True, slots=True)
class TemplateUsage:
    template_id: uuid.UUID
    template_name: str
    template_type: str
    is_precompiled_letter: bool
    status: str
    count: int

    def to_json(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "template_id": str(self.template_id),
            "template_name": self.template_name,
            "template_type": self.template_type,
            "is_precompiled_letter": self.is_precompiled_letter,
            "status": self.status,
        }

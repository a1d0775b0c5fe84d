"""Typed views of templates as the admin API shows and edits them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from notify_api.db.tables.templates import PRECOMPILED_TEMPLATE_NAME
from notify_api.timeutils import format_datetime

# Changing any of these makes a new version; other fields (e.g. who saved it) ride along.
VERSIONED_FIELDS: Final = ("name", "content", "subject", "archived", "process_type", "postage")

# How the admin frontend names each type in messages ("Creating text message templates is not allowed").
PUBLIC_TYPE_NAMES: Final = {
    "sms": "text message",
    "email": "email",
    "letter": "letter",
    "broadcast": "broadcast",
}


@dataclass(frozen=True, slots=True)
class TemplateDetail:
    """The current version of a template with what the admin pages show around it."""

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
    service_letter_contact_id: uuid.UUID | None
    created_at: datetime
    updated_at: datetime | None
    created_by_id: uuid.UUID
    redact_personalisation: bool
    folder_id: uuid.UUID | None
    reply_to_text: str | None

    @property
    def is_precompiled_letter(self) -> bool:
        return self.hidden and self.template_type == "letter" and self.name == PRECOMPILED_TEMPLATE_NAME

    @property
    def reply_to(self) -> uuid.UUID | None:
        """Only letters have a per-template sender (their contact block)."""
        return self.service_letter_contact_id if self.template_type == "letter" else None

    def versioned_values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in VERSIONED_FIELDS}

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "template_type": self.template_type,
            "created_at": format_datetime(self.created_at),
            "updated_at": format_datetime(self.updated_at),
            "content": self.content,
            "service": str(self.service_id),
            "subject": self.subject,
            "created_by": str(self.created_by_id),
            "version": self.version,
            "archived": self.archived,
            "hidden": self.hidden,
            "postage": self.postage,
            "process_type": self.process_type,
            "redact_personalisation": self.redact_personalisation,
            "folder": str(self.folder_id) if self.folder_id else None,
            "service_letter_contact": _str_or_none(self.service_letter_contact_id),
            "reply_to": _str_or_none(self.reply_to),
            "reply_to_text": self.reply_to_text,
            "is_precompiled_letter": self.is_precompiled_letter,
        }

    def to_slim_json(self) -> dict[str, Any]:
        """``detailed=False``: enough to list templates and folders."""
        return {
            "id": str(self.id),
            "name": self.name,
            "template_type": self.template_type,
            "folder": str(self.folder_id) if self.folder_id else None,
            "is_precompiled_letter": self.is_precompiled_letter,
        }


@dataclass(frozen=True, slots=True)
class TemplateAuthor:
    id: uuid.UUID
    name: str
    email_address: str


@dataclass(frozen=True, slots=True)
class TemplateVersion:
    """One row of templates_history, with the user who saved it."""

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
    service_letter_contact_id: uuid.UUID | None
    created_at: datetime
    updated_at: datetime | None
    created_by: TemplateAuthor
    redact_personalisation: bool
    reply_to_text: str | None

    def to_json(self) -> dict[str, Any]:
        reply_to = self.service_letter_contact_id if self.template_type == "letter" else None
        return {
            "id": str(self.id),
            "name": self.name,
            "template_type": self.template_type,
            "created_at": format_datetime(self.created_at),
            "updated_at": format_datetime(self.updated_at),
            "content": self.content,
            "service": str(self.service_id),
            "subject": self.subject,
            "created_by": {
                "id": str(self.created_by.id),
                "name": self.created_by.name,
                "email_address": self.created_by.email_address,
            },
            "version": self.version,
            "archived": self.archived,
            "hidden": self.hidden,
            "postage": self.postage,
            "process_type": self.process_type,
            "redact_personalisation": self.redact_personalisation,
            "reply_to": _str_or_none(reply_to),
            "reply_to_text": self.reply_to_text,
        }


@dataclass(frozen=True, slots=True)
class NewTemplate:
    """A validated create request."""

    service_id: uuid.UUID
    name: str
    template_type: str
    content: str
    subject: str | None
    created_by_id: uuid.UUID
    process_type: str
    postage: str | None
    service_letter_contact_id: uuid.UUID | None
    folder_id: uuid.UUID | None


def _str_or_none(value: uuid.UUID | None) -> str | None:
    return str(value) if value is not None else None

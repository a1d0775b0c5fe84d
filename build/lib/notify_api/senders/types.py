"""Typed views of senders. The three kinds share one shape: a value, a default flag and an archived flag."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy import Column, Table

from notify_api.db.tables.senders import service_email_reply_to, service_letter_contacts, service_sms_senders
from notify_api.timeutils import format_datetime


@dataclass(frozen=True, slots=True)
class SenderKind:
    """Which table a kind of sender lives in and which column holds its value."""

    name: str
    table: Table
    value_key: str

    @property
    def value_column(self) -> Column[Any]:
        return self.table.c[self.value_key]


SMS_SENDER: Final = SenderKind("sms_sender", service_sms_senders, "sms_sender")
REPLY_TO: Final = SenderKind("email_reply_to", service_email_reply_to, "email_address")
LETTER_CONTACT: Final = SenderKind("letter_contact", service_letter_contacts, "contact_block")


@dataclass(frozen=True, slots=True)
class Sender:
    kind: SenderKind
    id: uuid.UUID
    service_id: uuid.UUID
    value: str
    is_default: bool
    archived: bool
    created_at: datetime
    updated_at: datetime | None
    inbound_number_id: uuid.UUID | None = None

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "service_id": str(self.service_id),
            self.kind.value_key: self.value,
            "is_default": self.is_default,
            "archived": self.archived,
            "created_at": format_datetime(self.created_at),
            "updated_at": format_datetime(self.updated_at),
        }
        if self.kind is SMS_SENDER:
            data["inbound_number_id"] = (
                None if self.inbound_number_id is None else str(self.inbound_number_id)
            )
        return data

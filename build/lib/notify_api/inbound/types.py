"""Typed views of inbound numbers and the text messages received on them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from notify_api.timeutils import format_datetime


@dataclass(frozen=True, slots=True)
class StoredReceivedText:
    """An inbound SMS row; ``encrypted_content`` is still encrypted."""

    id: uuid.UUID
    created_at: datetime
    service_id: uuid.UUID
    notify_number: str
    user_number: str
    encrypted_content: str


@dataclass(frozen=True, slots=True)
class InboundNumber:
    id: uuid.UUID
    number: str
    provider: str
    active: bool
    service_id: uuid.UUID | None
    service_name: str | None
    created_at: datetime
    updated_at: datetime | None

    def as_json(self) -> dict[str, Any]:
        service = None
        if self.service_id is not None:
            service = {"id": str(self.service_id), "name": self.service_name}
        return {
            "id": str(self.id),
            "number": self.number,
            "provider": self.provider,
            "service": service,
            "active": self.active,
            "created_at": format_datetime(self.created_at),
            "updated_at": format_datetime(self.updated_at),
        }


@dataclass(frozen=True)
class InboundNumberOwner:
    service_id: uuid.UUID
    number: str
    permissions: frozenset[str]


@dataclass(frozen=True)
class ReceivedText:
    """A text as a provider hands it to us, before we know which service it is for."""

    provider: str  # "mmg" or "firetext"
    destination: str  # our number, as the provider sends it
    source: str  # the sender's number
    content: str
    provider_reference: str | None
    date_received: str | None

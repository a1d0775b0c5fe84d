"""Typed views of inbound numbers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from notify_api.timeutils import format_datetime


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

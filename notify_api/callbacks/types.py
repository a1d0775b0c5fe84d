"""Typed views of callback configurations. The bearer token never leaves the API."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy import Table

from notify_api.db.tables.callbacks import (
    service_callback_api,
    service_callback_api_history,
    service_inbound_api,
    service_inbound_api_history,
)
from notify_api.timeutils import format_datetime

DELIVERY_STATUS: Final = "delivery_status"


@dataclass(frozen=True, slots=True)
class CallbackKind:
    table: Table
    history: Table
    callback_type: str | None  # None: the inbound API table has no type column
    not_found_message: str


INBOUND_API: Final = CallbackKind(
    service_inbound_api, service_inbound_api_history, None, "Service inbound API not found"
)
DELIVERY_RECEIPT_API: Final = CallbackKind(
    service_callback_api, service_callback_api_history, DELIVERY_STATUS, "Service callback API not found"
)


@dataclass(frozen=True, slots=True)
class CallbackConfig:
    id: uuid.UUID
    service_id: uuid.UUID
    url: str
    updated_by_id: uuid.UUID
    created_at: datetime
    updated_at: datetime | None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "service_id": str(self.service_id),
            "url": self.url,
            "updated_by_id": str(self.updated_by_id),
            "created_at": format_datetime(self.created_at),
            "updated_at": format_datetime(self.updated_at),
        }

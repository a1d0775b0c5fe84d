"""Typed values for service callbacks: their settings, what a callback reports, and how sending went.

The bearer token of a setting never leaves the API; it is decrypted only to call the service.
"""

from __future__ import annotations

import enum
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
from notify_api.enums import DELIVERY_STATUS_CALLBACK
from notify_api.timeutils import format_datetime


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
    service_callback_api,
    service_callback_api_history,
    DELIVERY_STATUS_CALLBACK,
    "Service callback API not found",
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


@dataclass(frozen=True)
class CallbackTarget:
    """Where to POST and the bearer token (decrypted) that authenticates us to the service."""

    url: str
    bearer_token: str


class CallbackOutcome(enum.Enum):
    DELIVERED = "delivered"  # 2xx
    REJECTED = "rejected"  # 4xx other than 429: retrying cannot help
    RETRYABLE = "retryable"  # connection error, timeout, 5xx or 429
    NOTHING_TO_SEND = "nothing-to-send"  # no callback configured, or the row is gone


@dataclass(frozen=True)
class CallbackResult:
    outcome: CallbackOutcome
    status_code: int | None = None
    error: str | None = None

    @property
    def should_retry(self) -> bool:
        return self.outcome is CallbackOutcome.RETRYABLE


@dataclass(frozen=True)
class NotificationForCallback:
    id: uuid.UUID
    service_id: uuid.UUID
    to: str | None  # None once the notification has moved to history
    client_reference: str | None
    status: str
    notification_type: str
    created_at: datetime
    updated_at: datetime | None
    sent_at: datetime | None
    template_id: uuid.UUID
    template_version: int


@dataclass(frozen=True)
class ComplaintForCallback:
    id: uuid.UUID
    notification_id: uuid.UUID
    service_id: uuid.UUID
    complaint_date: datetime | None
    client_reference: str | None
    to: str | None


@dataclass(frozen=True)
class InboundSmsForCallback:
    id: uuid.UUID
    service_id: uuid.UUID
    user_number: str
    notify_number: str
    content: str  # decrypted
    provider_date: datetime | None
    created_at: datetime

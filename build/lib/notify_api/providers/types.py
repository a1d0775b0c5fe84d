"""Typed views of delivery providers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from notify_api.timeutils import format_datetime

# A provider is slow when at least this share of its recent text messages are.
SLOW_RATIO: Final = 0.3


@dataclass(frozen=True, slots=True)
class ProviderEditor:
    id: uuid.UUID
    name: str
    email_address: str


@dataclass(frozen=True, slots=True)
class ProviderDetail:
    """One provider (or one saved version of it)."""

    id: uuid.UUID
    display_name: str
    identifier: str
    priority: int
    notification_type: str
    active: bool
    version: int
    updated_at: datetime | None
    supports_international: bool
    created_by: ProviderEditor | None

    def to_json(self) -> dict[str, Any]:
        editor = self.created_by
        return {
            "id": str(self.id),
            "display_name": self.display_name,
            "identifier": self.identifier,
            "priority": self.priority,
            "notification_type": self.notification_type,
            "active": self.active,
            "version": self.version,
            "updated_at": format_datetime(self.updated_at),
            "supports_international": self.supports_international,
            "created_by": (
                {"id": str(editor.id), "name": editor.name, "email_address": editor.email_address}
                if editor
                else None
            ),
        }


@dataclass(frozen=True, slots=True)
class ProviderStats:
    """A provider as the platform admin list shows it, with this month's billable text messages."""

    id: uuid.UUID
    display_name: str
    identifier: str
    priority: int
    notification_type: str
    active: bool
    updated_at: datetime | None
    supports_international: bool
    created_by_name: str | None
    current_month_billable_sms: int

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "display_name": self.display_name,
            "identifier": self.identifier,
            "priority": self.priority,
            "notification_type": self.notification_type,
            "active": self.active,
            "updated_at": format_datetime(self.updated_at),
            "supports_international": self.supports_international,
            "created_by_name": self.created_by_name,
            "current_month_billable_sms": self.current_month_billable_sms,
        }


@dataclass(frozen=True)
class ActiveProvider:
    identifier: str
    priority: int


@dataclass(frozen=True, slots=True)
class ProviderRow:
    """Every column of a provider, as locked for a priority change (its history row copies them all)."""

    id: uuid.UUID
    display_name: str
    identifier: str
    priority: int
    notification_type: str
    active: bool
    version: int
    updated_at: datetime | None
    created_by_id: uuid.UUID | None
    supports_international: bool


@dataclass(frozen=True)
class DeliverySpeed:
    provider: str
    total: int
    slow: int

    @property
    def slow_ratio(self) -> float:
        return self.slow / self.total if self.total else 0.0

    @property
    def is_slow(self) -> bool:
        return self.total > 0 and self.slow_ratio >= SLOW_RATIO

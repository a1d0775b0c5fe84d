"""Typed views of API keys."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from notify_api.enums import KEY_TYPE_NORMAL, KEY_TYPE_TEAM, KEY_TYPE_TEST
from notify_api.timeutils import format_datetime

# How key types are named in user-visible messages.
KEY_TYPE_LABELS: Final = {KEY_TYPE_NORMAL: "LIVE", KEY_TYPE_TEAM: "TEAM", KEY_TYPE_TEST: "TEST"}


@dataclass(frozen=True, slots=True)
class LoadedApiKey:
    """A key as auth uses it: the secret is decrypted, held in memory only."""

    id: uuid.UUID
    key_type: str
    secret: str
    expiry_date: datetime | None

    @property
    def revoked(self) -> bool:
        return self.expiry_date is not None


@dataclass(frozen=True, slots=True)
class ApiKeyListing:
    """A key as the admin API lists it: never the secret."""

    id: uuid.UUID
    name: str
    key_type: str
    expiry_date: datetime | None
    created_at: datetime
    updated_at: datetime | None
    created_by_id: uuid.UUID
    version: int

    def as_json(self) -> dict[str, object]:
        return {
            "id": str(self.id),
            "name": self.name,
            "key_type": self.key_type,
            "expiry_date": format_datetime(self.expiry_date),
            "created_at": format_datetime(self.created_at),
            "updated_at": format_datetime(self.updated_at),
            "created_by": str(self.created_by_id),
            "version": self.version,
        }

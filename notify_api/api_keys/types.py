"""Typed views of API keys."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Final

KEY_TYPE_NORMAL: Final = "normal"
KEY_TYPE_TEAM: Final = "team"
KEY_TYPE_TEST: Final = "test"

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

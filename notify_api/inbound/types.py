"""Typed views of received text messages."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class StoredReceivedText:
    """An inbound SMS row; ``encrypted_content`` is still encrypted."""

    id: uuid.UUID
    created_at: datetime
    service_id: uuid.UUID
    notify_number: str
    user_number: str
    encrypted_content: str

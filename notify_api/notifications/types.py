"""Typed values for notifications."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from notify_api.enums import CREATED


@dataclass(slots=True)
class NewNotification:
    """A notification about to be persisted with status ``created`` (or given ``status``)."""

    service_id: uuid.UUID
    template_id: uuid.UUID
    template_version: int
    notification_type: str
    to: str
    normalised_to: str | None
    personalisation: dict[str, Any] | None
    key_type: str
    api_key_id: uuid.UUID | None
    created_at: datetime
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    status: str = CREATED
    client_reference: str | None = None
    reference: str | None = None
    reply_to_text: str | None = None
    created_by_id: uuid.UUID | None = None
    job_id: uuid.UUID | None = None
    job_row_number: int | None = None
    international: bool = False
    phone_prefix: str | None = None
    rate_multiplier: float | None = None
    postage: str | None = None
    billable_units: int = 0
    document_download_count: int | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class KeyRecord:
    """An Idempotency-Key stored with the notification it sent, and the answer a retry with it gets."""

    key: str
    fingerprint: str  # of the request's route and body
    response_status: int
    response_body: bytes
    expired_before: datetime  # a key taken before this has expired and may be taken again

"""Typed values for notifications."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

SMS: Final = "sms"
EMAIL: Final = "email"
LETTER: Final = "letter"

CREATED: Final = "created"
SENDING: Final = "sending"
SENT: Final = "sent"
PENDING: Final = "pending"
DELIVERED: Final = "delivered"
TEMPORARY_FAILURE: Final = "temporary-failure"
PERMANENT_FAILURE: Final = "permanent-failure"
TECHNICAL_FAILURE: Final = "technical-failure"
PENDING_VIRUS_CHECK: Final = "pending-virus-check"
VALIDATION_FAILED: Final = "validation-failed"
VIRUS_SCAN_FAILED: Final = "virus-scan-failed"
RETURNED_LETTER: Final = "returned-letter"
CANCELLED: Final = "cancelled"
FAILED: Final = "failed"

NOTIFICATION_STATUSES: Final = (
    CANCELLED, CREATED, SENDING, SENT, DELIVERED, PENDING, FAILED, TECHNICAL_FAILURE, TEMPORARY_FAILURE,
    PERMANENT_FAILURE, PENDING_VIRUS_CHECK, VALIDATION_FAILED, VIRUS_SCAN_FAILED, RETURNED_LETTER,
)  # fmt: skip
COMPLETED_STATUSES: Final = frozenset(
    {
        SENT,
        DELIVERED,
        FAILED,
        TECHNICAL_FAILURE,
        TEMPORARY_FAILURE,
        PERMANENT_FAILURE,
        RETURNED_LETTER,
        CANCELLED,
    }
)
# What the "failed" filter of GET /v2/notifications expands to.
FAILED_STATUSES: Final = (
    TECHNICAL_FAILURE, TEMPORARY_FAILURE, PERMANENT_FAILURE,
    VALIDATION_FAILED, VIRUS_SCAN_FAILED, RETURNED_LETTER,
)  # fmt: skip


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

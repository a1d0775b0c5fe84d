"""Typed values the receipt rules work with."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class LockedNotification:
    """A notification row locked ``FOR UPDATE`` for the current transaction."""

    id: uuid.UUID
    service_id: uuid.UUID
    notification_type: str
    status: str
    international: bool
    phone_prefix: str | None
    billable_units: int
    sent_by: str | None
    template_id: uuid.UUID
    template_version: int
    encrypted_personalisation: str | None
    in_history: bool  # found in notification_history (past retention) rather than notifications


class ReceiptOutcome(enum.Enum):
    UPDATED = "updated"
    NOT_FOUND = "not-found"
    NOT_FOUND_YET = "not-found-yet"  # an SES event younger than the grace period: try again later
    NOT_RECORDED_YET = "not-recorded-yet"  # the provider answered before our send was recorded: try again
    DUPLICATE = "duplicate"  # already in a status a receipt may not change
    IGNORED = "ignored"  # international destination without real delivery receipts, or nothing to do
    INVALID_REFERENCE = "invalid-reference"
    REJECTED = "rejected"  # forged or mismatched: wrong type, another provider, or never sent


class RejectReason(enum.StrEnum):
    """Why a receipt was refused; the ``reason`` label of ``receipts_rejected_total``."""

    WRONG_TYPE = "wrong_type"  # an SMS receipt for an email, or an SES event for a text
    WRONG_PROVIDER = "wrong_provider"  # the notification was sent by another provider
    NOT_SENT = "not_sent"  # still created or pending-virus-check: nothing was handed to a provider
    NOT_FOUND = "not_found"
    INVALID_REFERENCE = "invalid_reference"


@dataclass(frozen=True)
class ReceiptResult:
    outcome: ReceiptOutcome
    status: str | None = None  # the status written, when UPDATED
    callback_queued: bool = False
    reason: RejectReason | None = None  # when REJECTED

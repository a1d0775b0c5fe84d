"""What the public API shows for a notification's status, and what a status filter matches (spec §4, §3.5)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Final

from notify_api.enums import (
    COMPLETED_STATUSES,
    CREATED,
    DELIVERED,
    FAILED,
    FAILED_STATUSES,
    LETTER,
    RETURNED_LETTER,
    SENDING,
)

# Letters hide the printing pipeline: queued or at the printer is "accepted", posted is "received".
_LETTER_STATUSES: Final = {
    CREATED: "accepted",
    SENDING: "accepted",
    DELIVERED: "received",
    RETURNED_LETTER: "received",
}


def public_status(notification_type: str, status: str) -> str:
    """Text messages and emails show the internal status unchanged; letters are mapped."""
    if notification_type == LETTER:
        return _LETTER_STATUSES.get(status, status)
    return status


def completed_at(status: str, updated_at: datetime | None) -> datetime | None:
    """When a notification reached a final status: its last update, once the status is final."""
    return updated_at if status in COMPLETED_STATUSES else None


def statuses_matching(requested: Iterable[str]) -> list[str]:
    """Internal statuses a list filter matches: ``failed`` stands for every failure status.

    Other values pass through unchanged, so the literal ``accepted, received`` matches nothing, as in Notify.
    """
    matched: dict[str, None] = {}
    for status in requested:
        for internal in FAILED_STATUSES if status == FAILED else (status,):
            matched.setdefault(internal, None)
    return list(matched)

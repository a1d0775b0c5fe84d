"""Time helpers: the database stores naive UTC; the API prints Notify's timestamp format."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Final

DATETIME_FORMAT: Final = "%Y-%m-%dT%H:%M:%S.%fZ"


def utc_now() -> datetime:
    """Naive UTC, as every timestamp column stores it."""
    return datetime.now(UTC).replace(tzinfo=None)


def format_datetime(value: datetime | None) -> str | None:
    """``2022-01-21T11:01:39.123456Z``, or None."""
    return value.strftime(DATETIME_FORMAT) if value is not None else None

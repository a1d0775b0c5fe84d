"""Time helpers: the database stores naive UTC, the API prints Notify's timestamp format, and a day is a
London day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Final
from zoneinfo import ZoneInfo

DATETIME_FORMAT: Final = "%Y-%m-%dT%H:%M:%S.%fZ"
LONDON: Final = ZoneInfo("Europe/London")


def utc_now() -> datetime:
    """Naive UTC, as every timestamp column stores it."""
    return datetime.now(UTC).replace(tzinfo=None)


def format_datetime(value: datetime | None) -> str | None:
    """``2022-01-21T11:01:39.123456Z``, or None."""
    return value.strftime(DATETIME_FORMAT) if value is not None else None


def london_today(now: datetime | None = None) -> date:
    """The Europe/London date of a naive-UTC moment (default: now)."""
    return (now or utc_now()).replace(tzinfo=UTC).astimezone(LONDON).date()


def london_midnight_utc(day: date) -> datetime:
    """The naive-UTC instant at which a London day starts."""
    return datetime.combine(day, time.min, tzinfo=LONDON).astimezone(UTC).replace(tzinfo=None)

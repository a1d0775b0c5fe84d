"""Where a letter's finished PDF is kept: one object in the letters PDF bucket, its key derived from the row.

``{print day}/NOTIFY.{reference}.D.{postage class}.C.{created at}.PDF``: D for double-sided, C for colour.
The print day is the UK day of the printing run that takes the letter: letters created after 17:30 UK
time go in the next day's run. Templated letters are stored by ``get-pdf-for-templated-letter``,
precompiled letters by ``sanitise-letter`` once they have passed their checks.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta
from typing import Final, Protocol
from zoneinfo import ZoneInfo

from botocore.exceptions import BotoCoreError, ClientError  # type: ignore[import-untyped]
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.letters.queries import get_letter
from notify_api.logging import get_logger
from notify_api.settings import Settings
from notify_api.storage import ObjectStore

log = get_logger(__name__)

UK_TIME: Final = ZoneInfo("Europe/London")
PRINT_RUN_CUTOFF: Final = time(17, 30)
POSTAGE_CLASSES: Final = {"first": "1", "second": "2", "europe": "E", "rest-of-world": "N"}


class LetterKeyFields(Protocol):
    """The parts of a letter its PDF's key is made from."""

    @property
    def id(self) -> uuid.UUID: ...

    @property
    def reference(self) -> str | None: ...

    @property
    def created_at(self) -> datetime: ...

    @property
    def postage(self) -> str | None: ...


def print_day(created_at: datetime) -> str:
    """``YYYY-MM-DD`` of the printing run for a letter created at this naive UTC time."""
    uk = created_at.replace(tzinfo=UTC).astimezone(UK_TIME)
    day = uk.date() + timedelta(days=1) if uk.time() >= PRINT_RUN_CUTOFF else uk.date()
    return day.isoformat()


def letter_pdf_key(notification: LetterKeyFields) -> str:
    # The API gives every letter a reference; the id stands in for rows made without one.
    reference = notification.reference or notification.id.hex.upper()
    postage_class = POSTAGE_CLASSES.get(notification.postage or "second", "2")
    stamp = notification.created_at.strftime("%Y%m%d%H%M%S")
    return f"{print_day(notification.created_at)}/NOTIFY.{reference}.D.{postage_class}.C.{stamp}.PDF"


async def stored_letter_pdf(settings: Settings, notification: LetterKeyFields) -> bytes | None:
    """The letter's stored PDF, or None if there is none yet (or the store cannot be reached)."""
    try:
        return await ObjectStore(settings).get(settings.letters_pdf_bucket, letter_pdf_key(notification))
    except (BotoCoreError, ClientError) as error:
        log.warning(
            "letter.pdf_fetch_failed", notification_id=str(notification.id), error=type(error).__name__
        )
        return None


async def stored_letter_pdf_by_id(
    connection: AsyncConnection, settings: Settings, notification_id: uuid.UUID
) -> bytes | None:
    """As :func:`stored_letter_pdf`, for callers that hold only the letter's id."""
    letter = await get_letter(connection, notification_id)
    return None if letter is None else await stored_letter_pdf(settings, letter)

"""A service's letter branding: the logo printed at the top left of its templated letters.

Logos are SVG files in the logos bucket, where the admin site puts them, under
``letters/static/images/letter-template/{filename}.svg``. A process keeps each logo it has read for a few
minutes, so rendering thousands of letters reads each logo once, not once per letter.
"""

from __future__ import annotations

import time
from typing import Final

from botocore.exceptions import BotoCoreError, ClientError  # type: ignore[import-untyped]

from notify_api.logging import get_logger
from notify_api.settings import Settings
from notify_api.storage import ObjectStore

log = get_logger(__name__)

LOGO_FOLDER: Final = "letters/static/images/letter-template"
KEEP_SECONDS: Final = 300.0

_logos: dict[tuple[str, str], tuple[float, bytes | None]] = {}


def letter_logo_key(filename: str) -> str:
    return f"{LOGO_FOLDER}/{filename}.svg"


async def letter_logo(settings: Settings, filename: str) -> bytes | None:
    """The logo's SVG, or None if the bucket has no such logo (the letter is then printed without one)."""
    key = (settings.logo_upload_bucket, filename)
    kept = _logos.get(key)
    if kept is not None and time.monotonic() - kept[0] < KEEP_SECONDS:
        return kept[1]
    try:
        logo = await ObjectStore(settings).get(settings.logo_upload_bucket, letter_logo_key(filename))
    except (BotoCoreError, ClientError) as error:
        # Not kept: the next letter tries again.
        log.warning("letter.logo_fetch_failed", logo=filename, error=type(error).__name__)
        return None
    if logo is None:
        log.warning("letter.logo_missing", logo=filename)
    _logos[key] = (time.monotonic(), logo)
    return logo

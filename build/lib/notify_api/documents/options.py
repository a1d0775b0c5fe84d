"""The sender's options for one file: how long it stays downloadable and whether the link asks who you are.

``retention_period`` is ``"<n> weeks"`` (or ``"1 week"``), 1 to 78, default 26.
``confirm_email_before_download`` is a boolean, default true: the link then asks for the address the email
was sent to before serving the file.
``null`` means the default, as the clients send it when the caller gave nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Final

import orjson

from notify_api.errors import BadRequestError

DEFAULT_RETENTION_WEEKS: Final = 26
MAX_RETENTION_WEEKS: Final = 78
_PERIOD: Final = re.compile(r"([0-9]+) weeks?")


@dataclass(frozen=True, slots=True)
class FileOptions:
    retention: timedelta
    confirm_email: bool


def _shown(value: Any) -> str:
    return value if isinstance(value, str) else orjson.dumps(value).decode()


def retention_of(value: Any) -> timedelta:
    if value is None:
        return timedelta(weeks=DEFAULT_RETENTION_WEEKS)
    if isinstance(value, str):
        match = _PERIOD.fullmatch(value.strip().lower())
        if match and 1 <= int(match.group(1)) <= MAX_RETENTION_WEEKS:
            return timedelta(weeks=int(match.group(1)))
    raise BadRequestError(
        f"Unsupported value for retention_period '{_shown(value)}'. "
        f"Supported periods are from 1 to {MAX_RETENTION_WEEKS} weeks."
    )


def confirm_email_of(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, bool):
        return value
    raise BadRequestError(
        f"Unsupported value for confirm_email_before_download: '{_shown(value)}'. "
        "Use a boolean true or false value."
    )


def file_options(value: dict[str, Any], *, recipient_email: str | None) -> FileOptions:
    """The options of one ``prepare_upload`` value. Without an email recipient there is nothing to confirm."""
    retention = retention_of(value.get("retention_period"))
    confirm = confirm_email_of(value.get("confirm_email_before_download"))
    return FileOptions(retention=retention, confirm_email=confirm and recipient_email is not None)

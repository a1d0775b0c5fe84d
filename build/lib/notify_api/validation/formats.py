"""The custom ``format`` checks used by the v2 schemas.

Each check raises an exception whose ``str()`` is the user message (the field name is added in front by
``core``). Values of other types pass: the schema's ``type`` keyword reports those.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from jsonschema import FormatChecker

from notify_api.recipients.email import InvalidEmailError, validate_email_address
from notify_api.recipients.phone import InvalidPhoneError, validate_phone_number
from notify_api.validation.iso_datetime import InvalidDatetime, parse_naive_datetime

UUID_FORMAT = "uuid"
PHONE_NUMBER_FORMAT = "phone_number"
EMAIL_ADDRESS_FORMAT = "email_address"
POSTAGE_FORMAT = "postage"
DATETIME_WITHIN_NEXT_DAY_FORMAT = "datetime_within_next_day"

POSTAGE_VALUES = frozenset({"first", "second", "europe", "rest-of-world"})
SCHEDULE_WINDOW = timedelta(hours=24)


class FormatMessage(ValueError):
    """A format failure whose text is shown to the user as it is."""


def is_uuid(instance: object) -> bool:
    """Accept exactly what ``uuid.UUID(str)`` accepts: hyphens optional, braces, ``urn:uuid:``, any case."""
    if not isinstance(instance, str):
        return True
    try:
        uuid.UUID(instance)
    except ValueError:
        return False
    return True


def check_phone_number(instance: object) -> bool:
    if isinstance(instance, str):
        # International numbers are allowed here; the service's permission is checked later.
        validate_phone_number(instance, international=True)
    return True


def check_email_address(instance: object) -> bool:
    if isinstance(instance, str):
        validate_email_address(instance)
    return True


def check_postage(instance: object) -> bool:
    if isinstance(instance, str) and instance not in POSTAGE_VALUES:
        raise FormatMessage("invalid. It must be first, second, europe or rest-of-world.")
    return True


def check_datetime_within_next_day(instance: object) -> bool:
    if not isinstance(instance, str):
        return True
    try:
        scheduled = parse_naive_datetime(instance)
    except InvalidDatetime:
        raise FormatMessage(
            "datetime format is invalid. It must be a valid ISO8601 date time format, "
            "https://en.wikipedia.org/wiki/ISO_8601"
        ) from None
    # The offset was dropped without converting, as Notify does, and the result is compared with UTC now.
    now = datetime.now(UTC).replace(tzinfo=None)
    if scheduled < now:
        raise FormatMessage("datetime can not be in the past")
    if scheduled > now + SCHEDULE_WINDOW:
        raise FormatMessage("datetime can only be 24 hours in the future")
    return True


def build_format_checker() -> FormatChecker:
    # Start empty so jsonschema's own formats ("email", "date-time", ...) never run by accident.
    checker = FormatChecker(formats=())
    checker.checks(UUID_FORMAT)(is_uuid)
    checker.checks(PHONE_NUMBER_FORMAT, raises=InvalidPhoneError)(check_phone_number)
    checker.checks(EMAIL_ADDRESS_FORMAT, raises=InvalidEmailError)(check_email_address)
    checker.checks(POSTAGE_FORMAT, raises=FormatMessage)(check_postage)
    checker.checks(DATETIME_WITHIN_NEXT_DAY_FORMAT, raises=FormatMessage)(check_datetime_within_next_day)
    return checker


FORMAT_CHECKER = build_format_checker()

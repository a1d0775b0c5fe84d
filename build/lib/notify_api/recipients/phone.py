"""Phone number validation and normalisation (public-api spec §7.1)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from notify_api.recipients._phone_data import (
    COUNTRY_PREFIXES,
    CROWN_DEPENDENCY_RANGES,
    DRAMA_RANGE,
    LONGEST_PREFIX,
    RATE_MULTIPLIERS,
    UK_PREFIX,
)

# Whitespace (which includes NBSP), zero-width characters and the punctuation people type in numbers.
_IGNORED_CHARACTERS = re.compile(r"[\s\u180e\u200b\u200c\u200d\u2060\ufeff()\-+]")
_DIGITS_ONLY = re.compile(r"[0-9]*")

UK_MOBILE_LENGTH = 10  # digits after the 44, starting with 7
INTERNATIONAL_MIN_LENGTH = 8
INTERNATIONAL_MAX_LENGTH = 15


class InvalidPhoneError(ValueError):
    """A phone number that cannot be sent to; ``str()`` is the message shown to the user."""


@dataclass(frozen=True)
class PhoneInfo:
    normalised: str
    international: bool
    crown_dependency: bool
    prefix: str
    rate_multiplier: int


def normalise_phone(raw: str) -> str:
    """Digits only, without the leading zeros of a trunk or international dialling prefix."""
    digits = _IGNORED_CHARACTERS.sub("", raw)
    if not _DIGITS_ONLY.fullmatch(digits):
        raise InvalidPhoneError("Must not contain letters or symbols")
    return digits.lstrip("0")


def is_uk_phone_number(raw: str) -> bool:
    if raw.startswith("0") and not raw.startswith("00"):
        return True
    try:
        digits = normalise_phone(raw)
    except InvalidPhoneError:
        return False
    return digits.startswith(UK_PREFIX) or (digits.startswith("7") and len(digits) < 11)


def validate_phone_number(raw: str, *, international: bool) -> str:
    """Return the number in international form without ``+`` (``447700900855``) or raise."""
    digits = normalise_phone(raw)
    if not international or is_uk_phone_number(raw):
        return _validate_uk_mobile(digits)
    return _validate_international(digits)


def _validate_uk_mobile(digits: str) -> str:
    # lstrip removes every leading 4, not just one "44"; this matches the behaviour clients rely on.
    national = digits.lstrip("4").lstrip("0")
    if not national.startswith("7"):
        raise InvalidPhoneError("Not a UK mobile number")
    if len(national) > UK_MOBILE_LENGTH:
        raise InvalidPhoneError("Too many digits")
    if len(national) < UK_MOBILE_LENGTH:
        raise InvalidPhoneError("Not enough digits")
    return UK_PREFIX + national


def _validate_international(digits: str) -> str:
    if len(digits) < INTERNATIONAL_MIN_LENGTH:
        raise InvalidPhoneError("Not enough digits")
    if len(digits) > INTERNATIONAL_MAX_LENGTH:
        raise InvalidPhoneError("Too many digits")
    if country_prefix(digits) is None:
        raise InvalidPhoneError("Not a valid country prefix")
    return digits


def country_prefix(normalised: str) -> str | None:
    """The longest known calling code that starts the number, or None."""
    for length in range(min(LONGEST_PREFIX, len(normalised)), 0, -1):
        if normalised[:length] in COUNTRY_PREFIXES:
            return normalised[:length]
    return None


def is_crown_dependency(normalised: str) -> bool:
    """A Jersey, Guernsey or Isle of Man mobile: billed as international but needs no permission."""
    return (
        normalised.startswith(UK_PREFIX)
        and normalised[2:6] in CROWN_DEPENDENCY_RANGES
        and normalised[2:9] != DRAMA_RANGE
    )


def rate_multiplier(prefix: str) -> int:
    for length in range(len(prefix), 0, -1):
        if prefix[:length] in RATE_MULTIPLIERS:
            return RATE_MULTIPLIERS[prefix[:length]]
    return 1


def phone_info(normalised: str) -> PhoneInfo:
    """Billing and permission facts for a number already returned by ``validate_phone_number``."""
    prefix = country_prefix(normalised)
    if prefix is None:
        raise InvalidPhoneError("Not a valid country prefix")
    crown_dependency = is_crown_dependency(normalised)
    return PhoneInfo(
        normalised=normalised,
        international=prefix != UK_PREFIX or crown_dependency,
        crown_dependency=crown_dependency,
        prefix=prefix,
        rate_multiplier=rate_multiplier(prefix),
    )


def try_format_sender(sender: str) -> str:
    """A sender that is a phone number is sent in international form; a name is left alone."""
    try:
        return validate_phone_number(sender, international=True)
    except InvalidPhoneError:
        return sender

"""Recipient validation and normalisation for phone numbers and email addresses."""

from __future__ import annotations

from collections.abc import Iterable

from notify_api.recipients.email import InvalidEmailError, normalise_email, validate_email_address
from notify_api.recipients.phone import (
    InvalidPhoneError,
    PhoneInfo,
    is_crown_dependency,
    is_uk_phone_number,
    normalise_phone,
    phone_info,
    try_format_sender,
    validate_phone_number,
)

__all__ = [
    "InvalidEmailError",
    "InvalidPhoneError",
    "PhoneInfo",
    "allowed_to_send_to",
    "format_recipient",
    "is_crown_dependency",
    "is_uk_phone_number",
    "normalise_email",
    "normalise_phone",
    "phone_info",
    "try_format_sender",
    "validate_email_address",
    "validate_phone_number",
]


def format_recipient(recipient: str) -> str:
    """A comparable form of a recipient: phone numbers in international form, emails lower-cased.

    Anything that is neither is returned unchanged, so it only ever equals itself.
    """
    try:
        return validate_phone_number(recipient, international=True)
    except InvalidPhoneError:
        pass
    try:
        return validate_email_address(recipient).lower()
    except InvalidEmailError:
        return recipient


def allowed_to_send_to(recipient: str, allowed: Iterable[str]) -> bool:
    """Whether the recipient is one of the allowed (team member or guest list) recipients."""
    wanted = format_recipient(recipient)
    return any(format_recipient(candidate) == wanted for candidate in allowed)

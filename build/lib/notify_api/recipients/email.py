"""Email address validation and normalisation (public-api spec §7.2)."""

from __future__ import annotations

import re

_OBSCURE_WHITESPACE = re.compile("[\u180e\u200b\u200c\u200d\u2060\ufeff\u00a0]")
_EMAIL = re.compile(r"^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~\-]+@([^.@][^@\s]+)$")
_HOSTNAME_LABEL = re.compile(r"^(xn|[a-z0-9]+)(-?-[a-z0-9]+)*$", re.IGNORECASE)
_TOP_LEVEL_DOMAIN = re.compile(r"^([a-z]{2,63}|xn--([a-z0-9]+-)*[a-z0-9]+)$", re.IGNORECASE)

MAX_ADDRESS_LENGTH = 320
MAX_HOSTNAME_LENGTH = 253
MAX_LABEL_LENGTH = 63


class InvalidEmailError(ValueError):
    def __init__(self, message: str = "Not a valid email address") -> None:
        super().__init__(message)


def _clean(raw: str) -> str:
    return _OBSCURE_WHITESPACE.sub("", raw).strip()


def validate_email_address(raw: str) -> str:
    """Return the address with invisible characters and surrounding whitespace removed, or raise."""
    address = _clean(raw)
    match = _EMAIL.match(address)
    if match is None or len(address) > MAX_ADDRESS_LENGTH or ".." in address:
        raise InvalidEmailError()
    if not _is_valid_hostname(match.group(1)):
        raise InvalidEmailError()
    return address


def _is_valid_hostname(hostname: str) -> bool:
    try:
        # The standard library codec (IDNA 2003) accepts the internationalised names people type.
        ascii_hostname = hostname.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    labels = ascii_hostname.split(".")
    if len(ascii_hostname) > MAX_HOSTNAME_LENGTH or len(labels) < 2:
        return False
    if not all(0 < len(label) <= MAX_LABEL_LENGTH and _HOSTNAME_LABEL.match(label) for label in labels):
        return False
    return _TOP_LEVEL_DOMAIN.match(labels[-1]) is not None


def normalise_email(raw: str) -> str:
    """The form stored and compared: cleaned and lower-cased (no validation)."""
    return _clean(raw).lower()

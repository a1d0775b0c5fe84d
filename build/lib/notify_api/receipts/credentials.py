"""Optional HTTP Basic credentials on the MMG and Firetext delivery-receipt callbacks.

Off while the provider's password list is empty (the development default, so the simulator needs none).
Once set, a receipt without credentials is ``MISSING`` (401) and one with other credentials ``WRONG`` (403).
Firetext sends the fixed user name ``notify``, as it does for inbound texts. The inbound-text routes share the
header parsing and the constant-time comparison.
"""

from __future__ import annotations

import base64
import binascii
import enum
import hmac
from collections.abc import Iterable
from typing import Final

from notify_api.receipts.status_mapping import FIRETEXT, MMG
from notify_api.settings import Settings

FIRETEXT_RECEIPT_USERNAME: Final = "notify"


class CredentialCheck(enum.Enum):
    NOT_REQUIRED = "not-required"
    ACCEPTED = "accepted"
    MISSING = "missing"
    WRONG = "wrong"


def basic_credentials(header: str | None) -> tuple[str, str] | None:
    """``(user, password)`` from an ``Authorization: Basic`` header; None when absent or unreadable."""
    if not header or header[:6].lower() != "basic ":
        return None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    username, separator, password = decoded.partition(":")
    return (username, password) if separator else None


def one_of(value: str, allowed: Iterable[str]) -> bool:
    """Whether ``value`` is one of ``allowed``, in constant time."""
    # compare against every candidate so the time taken does not reveal which one matched
    matches = [hmac.compare_digest(value.encode(), candidate.encode()) for candidate in allowed]
    return any(matches)


def _expected(settings: Settings, client_name: str) -> tuple[list[str], list[str]]:
    """(user names, passwords) accepted for a provider's receipts; no passwords means auth is off."""
    if client_name == MMG:
        return settings.mmg_receipt_username, settings.mmg_receipt_auth
    if client_name == FIRETEXT:
        return [FIRETEXT_RECEIPT_USERNAME], settings.firetext_receipt_auth
    raise ValueError(f"unknown SMS client {client_name!r}")


def check_receipt_credentials(settings: Settings, client_name: str, header: str | None) -> CredentialCheck:
    usernames, passwords = _expected(settings, client_name)
    if not passwords:
        return CredentialCheck.NOT_REQUIRED
    credentials = basic_credentials(header)
    if credentials is None:
        return CredentialCheck.MISSING
    username, password = credentials
    accepted = one_of(username, usernames) & one_of(password, passwords)
    return CredentialCheck.ACCEPTED if accepted else CredentialCheck.WRONG


def receipt_credentials(settings: Settings, client_name: str) -> tuple[str, str] | None:
    """The pair our own research-mode receipts send, so they pass the check above when it is on."""
    usernames, passwords = _expected(settings, client_name)
    return (usernames[0], passwords[0]) if usernames and passwords else None

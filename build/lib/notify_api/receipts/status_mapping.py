"""Provider status codes -> Notify notification statuses (MMG, Firetext, SES).

Pure functions: the receipt rules in ``operations`` decide what to do with the mapped status.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

DELIVERED: Final = "delivered"
PENDING: Final = "pending"
PERMANENT_FAILURE: Final = "permanent-failure"
TEMPORARY_FAILURE: Final = "temporary-failure"
TECHNICAL_FAILURE: Final = "technical-failure"

MMG: Final = "MMG"
FIRETEXT: Final = "Firetext"
SMS_CLIENTS: Final = (MMG, FIRETEXT)

# MMG ``status``; anything else is a technical failure. ``substatus`` only explains the reason.
_MMG_STATUSES: Final = {
    "2": PERMANENT_FAILURE,
    "3": DELIVERED,
    "4": TEMPORARY_FAILURE,
    "5": PERMANENT_FAILURE,
}

# Firetext ``status``: 0 delivered, 1 failed (refined by ``code``), 2 pending.
_FIRETEXT_STATUSES: Final = {"0": DELIVERED, "1": PERMANENT_FAILURE, "2": PENDING}
_FIRETEXT_FAILURE_CODES: Final = {
    "000": TEMPORARY_FAILURE,
    "101": PERMANENT_FAILURE,  # unknown subscriber
    "102": TEMPORARY_FAILURE,  # absent subscriber
    "103": TEMPORARY_FAILURE,  # subscriber busy
    "104": TEMPORARY_FAILURE,  # phone memory full
    "201": PERMANENT_FAILURE,  # invalid number
    "301": PERMANENT_FAILURE,
    "302": TEMPORARY_FAILURE,
    "401": PERMANENT_FAILURE,  # rejected by the network
    "900": TEMPORARY_FAILURE,  # routing error
}


class UnknownProviderStatus(ValueError):
    """A status code the provider documents no meaning for; the message becomes a technical failure."""


@dataclass(frozen=True)
class MappedStatus:
    status: str
    # A Firetext failure without a code: after ``pending`` it is treated as temporary.
    failure_without_code: bool = False


def _clean(value: object) -> str:
    return "" if value is None else str(value).strip()


def map_mmg_status(status: object, substatus: object = None) -> MappedStatus:
    mapped = _MMG_STATUSES.get(_clean(status))
    if mapped is None:
        raise UnknownProviderStatus(f"MMG callback failed: status {status} not found.")
    return MappedStatus(mapped)


def map_firetext_status(status: object, code: object = None) -> MappedStatus:
    mapped = _FIRETEXT_STATUSES.get(_clean(status))
    if mapped is None:
        raise UnknownProviderStatus(f"Firetext callback failed: status {status} not found.")
    if mapped != PERMANENT_FAILURE:
        return MappedStatus(mapped)
    detailed = _clean(code)
    if detailed in ("", "None"):
        return MappedStatus(PERMANENT_FAILURE, failure_without_code=True)
    return MappedStatus(_FIRETEXT_FAILURE_CODES.get(detailed, PERMANENT_FAILURE))


def map_sms_status(client_name: str, status: object, code: object = None) -> MappedStatus:
    if client_name == MMG:
        return map_mmg_status(status, code)
    if client_name == FIRETEXT:
        return map_firetext_status(status, code)
    raise ValueError(f"unknown SMS client {client_name!r}")


def map_ses_event(event_type: str, bounce: dict[str, Any] | None) -> str | None:
    """Delivery -> delivered; a permanent bounce -> permanent-failure; any other bounce -> temporary-failure.

    None for event types that do not change a status (complaints are handled separately).
    """
    if event_type == "Delivery":
        return DELIVERED
    if event_type == "Bounce":
        bounce_type = (bounce or {}).get("bounceType")
        return PERMANENT_FAILURE if bounce_type == "Permanent" else TEMPORARY_FAILURE
    return None

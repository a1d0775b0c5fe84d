"""A trial-mode service's guest list: extra email addresses and phone numbers it may send to."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.errors import InvalidRequest, NotFoundError
from notify_api.recipients import (
    InvalidEmailError,
    InvalidPhoneError,
    validate_email_address,
    validate_phone_number,
)
from notify_api.services.queries import guest_list as queries
from notify_api.services.queries.reads import service_exists
from notify_api.services.types import GuestList

EMAIL = "email"
MOBILE = "mobile"


async def get_guest_list(connection: AsyncConnection, service_id: uuid.UUID) -> GuestList:
    if not await service_exists(connection, service_id):
        raise NotFoundError()
    entries = await queries.guest_list_entries(connection, service_id)
    return GuestList(
        email_addresses=tuple(recipient for kind, recipient in entries if kind == EMAIL),
        phone_numbers=tuple(recipient for kind, recipient in entries if kind == MOBILE),
    )


def _entries(body: dict[str, Any]) -> list[tuple[str, str]]:
    """(type, recipient) pairs; the first bad entry is a 400 and nothing changes."""
    entries: list[tuple[str, str]] = []
    for recipient_type, key in ((EMAIL, "email_addresses"), (MOBILE, "phone_numbers")):
        for recipient in body.get(key) or ():
            if recipient == "":
                continue
            try:
                if not isinstance(recipient, str):
                    raise InvalidEmailError()
                if recipient_type == EMAIL:
                    validate_email_address(recipient)
                else:
                    validate_phone_number(recipient, international=True)
            except (InvalidEmailError, InvalidPhoneError) as error:
                message = f'Invalid guest list: "{recipient}" is not a valid email address or phone number'
                raise InvalidRequest(message, 400) from error
            entries.append((recipient_type, recipient))
    return entries


async def replace_guest_list(
    connection: AsyncConnection, service_id: uuid.UUID, body: dict[str, Any]
) -> None:
    if not await service_exists(connection, service_id):
        raise NotFoundError()
    await queries.replace_guest_list_entries(connection, service_id, _entries(body))

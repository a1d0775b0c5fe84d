"""A trial-mode service's guest list: extra email addresses and phone numbers it may send to."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.services import service_whitelist
from notify_api.errors import InvalidRequest, NotFoundError
from notify_api.recipients import (
    InvalidEmailError,
    InvalidPhoneError,
    validate_email_address,
    validate_phone_number,
)
from notify_api.services.queries.reads import service_exists
from notify_api.services.types import GuestList
from notify_api.timeutils import utc_now

EMAIL = "email"
MOBILE = "mobile"


async def get_guest_list(connection: AsyncConnection, service_id: uuid.UUID) -> GuestList:
    if not await service_exists(connection, service_id):
        raise NotFoundError()
    query = (
        select(service_whitelist.c.recipient_type, service_whitelist.c.recipient)
        .where(service_whitelist.c.service_id == service_id)
        .order_by(service_whitelist.c.created_at, service_whitelist.c.recipient)
    )
    rows = (await connection.execute(query)).all()
    return GuestList(
        email_addresses=tuple(row.recipient for row in rows if row.recipient_type == EMAIL),
        phone_numbers=tuple(row.recipient for row in rows if row.recipient_type == MOBILE),
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
    entries = _entries(body)
    await connection.execute(delete(service_whitelist).where(service_whitelist.c.service_id == service_id))
    now = utc_now()
    rows = [
        {"id": uuid.uuid4(), "service_id": service_id, "recipient_type": kind, "recipient": recipient,
         "created_at": now}
        for kind, recipient in entries
    ]  # fmt: skip
    if rows:
        await connection.execute(insert(service_whitelist), rows)

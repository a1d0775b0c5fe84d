"""Rules for creating and editing branding: names (and letter file names) are unique."""

from __future__ import annotations

import uuid
from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.branding import queries
from notify_api.branding.types import EmailBranding, LetterBranding
from notify_api.db.tables.branding import email_branding, letter_branding
from notify_api.enums import BRANDING_TYPES
from notify_api.errors import InvalidRequest, NotFoundError
from notify_api.validation import validate

_OPTIONAL_TEXT: Final = {"type": ["string", "null"]}
EMAIL_BRANDING: Final = {
    "type": "object",
    "properties": {
        "colour": _OPTIONAL_TEXT,
        "name": {"type": "string"},
        "text": _OPTIONAL_TEXT,
        "logo": _OPTIONAL_TEXT,
        "brand_type": {"enum": list(BRANDING_TYPES)},
    },
    "additionalProperties": False,
}
CREATE_EMAIL_BRANDING: Final = {**EMAIL_BRANDING, "required": ["name"]}
LETTER_BRANDING: Final = {
    "type": "object",
    "properties": {"name": {"type": "string"}, "filename": {"type": "string"}},
    "additionalProperties": False,
}
CREATE_LETTER_BRANDING: Final = {**LETTER_BRANDING, "required": ["name", "filename"]}


async def create_email_branding(connection: AsyncConnection, body: dict[str, Any]) -> EmailBranding:
    """Without a ``text``, the name is shown as the text."""
    validate(body, CREATE_EMAIL_BRANDING)
    await _check_email_name(connection, body, None)
    values = {"text": body["name"], "brand_type": "org", **body}
    branding_id = await queries.insert_branding(connection, email_branding, values)
    found = await queries.get_email_branding(connection, branding_id)
    assert found is not None
    return found


async def update_email_branding(
    connection: AsyncConnection, branding_id: uuid.UUID, body: dict[str, Any]
) -> EmailBranding:
    validate(body, EMAIL_BRANDING)
    await _check_email_name(connection, body, branding_id)
    if not await queries.update_branding(connection, email_branding, branding_id, body):
        raise NotFoundError()
    found = await queries.get_email_branding(connection, branding_id)
    assert found is not None
    return found


async def _check_email_name(
    connection: AsyncConnection, body: dict[str, Any], branding_id: uuid.UUID | None
) -> None:
    if "name" in body and await queries.value_taken(
        connection, email_branding, "name", body["name"], other_than=branding_id
    ):
        raise InvalidRequest({"name": ["An email branding with that name already exists."]}, 400)


async def create_letter_branding(connection: AsyncConnection, body: dict[str, Any]) -> LetterBranding:
    validate(body, CREATE_LETTER_BRANDING)
    await _check_letter_unique(connection, body, None)
    branding_id = await queries.insert_branding(connection, letter_branding, body)
    found = await queries.get_letter_branding(connection, branding_id)
    assert found is not None
    return found


async def update_letter_branding(
    connection: AsyncConnection, branding_id: uuid.UUID, body: dict[str, Any]
) -> LetterBranding:
    validate(body, LETTER_BRANDING)
    await _check_letter_unique(connection, body, branding_id)
    if not await queries.update_branding(connection, letter_branding, branding_id, body):
        raise NotFoundError()
    found = await queries.get_letter_branding(connection, branding_id)
    assert found is not None
    return found


async def _check_letter_unique(
    connection: AsyncConnection, body: dict[str, Any], branding_id: uuid.UUID | None
) -> None:
    for column, message in (("name", "Name already in use"), ("filename", "Filename already in use")):
        if column in body and await queries.value_taken(
            connection, letter_branding, column, body[column], other_than=branding_id
        ):
            raise InvalidRequest({"name": [message]}, 400)

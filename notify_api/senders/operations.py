"""Sender rules: which sender is the default, what may be archived, and inbound numbers as SMS senders."""

from __future__ import annotations

import uuid
from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.errors import InvalidRequest, NotFoundError
from notify_api.inbound import queries as inbound_queries
from notify_api.senders import queries
from notify_api.senders.types import LETTER_CONTACT, REPLY_TO, SMS_SENDER, Sender, SenderKind
from notify_api.services.queries.reads import service_exists
from notify_api.validation import validate

_DRAFT: Final = "http://json-schema.org/draft-07/schema#"
_UUID: Final = {"type": "string", "format": "uuid", "validationMessage": "is not a valid UUID"}
REPLY_TO_SCHEMA: Final[dict[str, Any]] = {
    "$schema": _DRAFT,
    "type": "object",
    "properties": {
        "email_address": {"type": "string", "format": "email_address"},
        "is_default": {"type": "boolean"},
    },
    "required": ["email_address", "is_default"],
}
LETTER_CONTACT_SCHEMA: Final[dict[str, Any]] = {
    "$schema": _DRAFT,
    "type": "object",
    "properties": {"contact_block": {"type": "string"}, "is_default": {"type": "boolean"}},
    "required": ["contact_block", "is_default"],
}
SMS_SENDER_SCHEMA: Final[dict[str, Any]] = {
    "$schema": _DRAFT,
    "type": "object",
    "properties": {
        "sms_sender": {"type": "string", "maxLength": 11},
        "is_default": {"type": "boolean"},
        "inbound_number_id": _UUID,
    },
    "required": ["sms_sender", "is_default"],
}
VERIFY_SCHEMA: Final[dict[str, Any]] = {
    "$schema": _DRAFT,
    "type": "object",
    "properties": {"email": {"type": "string", "format": "email_address"}},
    "required": ["email"],
}

NO_DEFAULT_MESSAGES: Final = {
    REPLY_TO.name: "You must have at least one reply to email address as the default.",
    SMS_SENDER.name: "You must have at least one SMS sender as the default.",
}


async def _require_service(connection: AsyncConnection, service_id: uuid.UUID) -> None:
    if not await service_exists(connection, service_id):
        raise NotFoundError()


async def list_senders(connection: AsyncConnection, kind: SenderKind, service_id: uuid.UUID) -> list[Sender]:
    await _require_service(connection, service_id)
    return await queries.list_senders(connection, kind, service_id)


async def require_sender(
    connection: AsyncConnection, kind: SenderKind, service_id: uuid.UUID, sender_id: uuid.UUID
) -> Sender:
    sender = await queries.get_sender(connection, kind, service_id, sender_id)
    if sender is None:
        raise NotFoundError()
    return sender


async def check_reply_to_unused(
    connection: AsyncConnection, service_id: uuid.UUID, email_address: str, except_id: uuid.UUID | None = None
) -> None:
    for existing in await queries.list_senders(connection, REPLY_TO, service_id):
        if existing.value == email_address and existing.id != except_id:
            raise InvalidRequest(
                f"Your service already uses ‘{email_address}’ as an email reply-to address.", 409
            )


async def _make_default_or_check(
    connection: AsyncConnection, kind: SenderKind, service_id: uuid.UUID, is_default: bool, sender_id: Any
) -> None:
    """A new default replaces the old one; unsetting the only default is refused where one is required."""
    old_default = await queries.get_default(connection, kind, service_id)
    if is_default:
        await queries.clear_default(connection, kind, service_id)
    elif kind.name in NO_DEFAULT_MESSAGES and (old_default is None or old_default.id == sender_id):
        raise InvalidRequest(NO_DEFAULT_MESSAGES[kind.name], 400)


def _schema_for(kind: SenderKind) -> dict[str, Any]:
    return {REPLY_TO.name: REPLY_TO_SCHEMA, LETTER_CONTACT.name: LETTER_CONTACT_SCHEMA}.get(
        kind.name, SMS_SENDER_SCHEMA
    )


async def add_sender(
    connection: AsyncConnection, kind: SenderKind, service_id: uuid.UUID, body: dict[str, Any]
) -> Sender:
    await _require_service(connection, service_id)
    validate(body, _schema_for(kind))
    value, is_default = body[kind.value_key], body["is_default"]
    inbound_number_id = uuid.UUID(body["inbound_number_id"]) if body.get("inbound_number_id") else None
    if kind is REPLY_TO:
        await check_reply_to_unused(connection, service_id, value)
    if inbound_number_id is not None:
        value = await _allocate_inbound_number(connection, service_id, inbound_number_id)
        existing = await queries.list_senders(connection, SMS_SENDER, service_id)
        if len(existing) == 1:
            # A service with one sender swaps its text sender for the number rather than gaining a second.
            only = existing[0]
            await queries.update_sender(
                connection, SMS_SENDER, only.id, {"sms_sender": value, "inbound_number_id": inbound_number_id}
            )
            return await require_sender(connection, kind, service_id, only.id)
    await _make_default_or_check(connection, kind, service_id, is_default, None)
    sender_id = await queries.insert_sender(
        connection, kind, service_id, value, is_default=is_default, inbound_number_id=inbound_number_id
    )
    return await require_sender(connection, kind, service_id, sender_id)


async def _allocate_inbound_number(
    connection: AsyncConnection, service_id: uuid.UUID, inbound_number_id: uuid.UUID
) -> str:
    if await inbound_queries.number_for_service(connection, service_id) is not None:
        raise InvalidRequest(f"Service {service_id} already has an inbound number", 400)
    number = await inbound_queries.allocate_to_service(connection, service_id, inbound_number_id)
    if number is None:
        raise InvalidRequest(f"Inbound number: {inbound_number_id} is not available", 400)
    return number


async def update_sender(
    connection: AsyncConnection,
    kind: SenderKind,
    service_id: uuid.UUID,
    sender_id: uuid.UUID,
    body: dict[str, Any],
) -> Sender:
    validate(body, _schema_for(kind))
    sender = await require_sender(connection, kind, service_id, sender_id)
    value, is_default = body[kind.value_key], body["is_default"]
    if kind is SMS_SENDER and sender.inbound_number_id is not None and value != sender.value:
        raise InvalidRequest(f"You can not change the inbound number for service {service_id}", 400)
    if kind is REPLY_TO:
        await check_reply_to_unused(connection, service_id, value, except_id=sender_id)
    await _make_default_or_check(connection, kind, service_id, is_default, sender_id)
    await queries.update_sender(
        connection, kind, sender_id, {kind.value_key: value, "is_default": is_default}
    )
    return await require_sender(connection, kind, service_id, sender_id)


async def archive_sender(
    connection: AsyncConnection, kind: SenderKind, service_id: uuid.UUID, sender_id: uuid.UUID
) -> Sender:
    sender = await require_sender(connection, kind, service_id, sender_id)
    changes: dict[str, Any] = {"archived": True}
    if kind is SMS_SENDER:
        if sender.inbound_number_id is not None:
            raise InvalidRequest("You cannot delete an inbound number", 400)
        if sender.is_default:
            raise InvalidRequest("You cannot delete a default sms sender", 400)
    elif kind is REPLY_TO and sender.is_default:
        if len(await queries.list_senders(connection, kind, service_id)) > 1:
            raise InvalidRequest("You cannot delete a default email reply to address", 400)
        changes["is_default"] = False
    elif kind is LETTER_CONTACT:
        await queries.detach_letter_contact_from_templates(connection, sender_id)
    await queries.update_sender(connection, kind, sender_id, changes)
    archived = await queries.get_sender(connection, kind, service_id, sender_id, include_archived=True)
    assert archived is not None
    return archived

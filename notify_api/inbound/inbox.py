"""The admin frontend's inbox of received texts: search by sender, one conversation per sender, the
dashboard summary and one text. Texts older than the service's SMS retention (7 days by default) are left
out, as the original did; the summary always counts 7 days, whatever the retention."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.crypto import Encryption
from notify_api.errors import NotFoundError
from notify_api.inbound import queries
from notify_api.inbound.reading import received_text_json
from notify_api.recipients.phone import InvalidPhoneError, validate_phone_number
from notify_api.timeutils import london_midnight_utc, london_today

DEFAULT_RETENTION_DAYS: Final = 7
PAGE_SIZE: Final = 50


async def _since(connection: AsyncConnection, service_id: uuid.UUID) -> Any:
    days = await queries.sms_retention_days(connection, service_id) or DEFAULT_RETENTION_DAYS
    return london_midnight_utc(london_today() - timedelta(days=days))


def _normalised_sender(phone_number: str) -> str:
    """International form when it is a phone number; a sender name (alphanumeric) stays as typed."""
    try:
        return validate_phone_number(phone_number, international=True)
    except InvalidPhoneError:
        return phone_number


async def search(
    connection: AsyncConnection, encryption: Encryption, service_id: uuid.UUID, phone_number: str | None
) -> list[dict[str, Any]]:
    texts = await queries.received_texts_since(
        connection,
        service_id,
        since=await _since(connection, service_id),
        user_number=_normalised_sender(phone_number) if phone_number else None,
    )
    return [received_text_json(text, encryption) for text in texts]


async def most_recent_per_sender(
    connection: AsyncConnection, encryption: Encryption, service_id: uuid.UUID, page: int
) -> dict[str, Any]:
    texts = await queries.newest_text_per_sender(
        connection, service_id, since=await _since(connection, service_id), offset=(page - 1) * PAGE_SIZE,
        limit=PAGE_SIZE + 1,
    )  # fmt: skip
    return {
        "data": [received_text_json(text, encryption) for text in texts[:PAGE_SIZE]],
        "has_next": len(texts) > PAGE_SIZE,
    }


async def summary(connection: AsyncConnection, service_id: uuid.UUID) -> dict[str, Any]:
    since = london_midnight_utc(london_today() - timedelta(days=DEFAULT_RETENTION_DAYS))
    newest = await queries.received_texts_since(connection, service_id, since=None, limit=1)
    return {
        "count": await queries.count_texts_since(connection, service_id, since),
        "most_recent": newest[0].created_at.isoformat() if newest else None,
    }


async def one_text(
    connection: AsyncConnection, encryption: Encryption, service_id: uuid.UUID, text_id: uuid.UUID
) -> dict[str, Any]:
    text = await queries.received_text_by_id(connection, service_id, text_id)
    if text is None:
        raise NotFoundError()
    return received_text_json(text, encryption)

"""GET /v2/received-text-messages: a page of a service's received texts (spec §3.10)."""

from __future__ import annotations

import uuid
from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.crypto import Encryption
from notify_api.inbound.queries import received_texts_page
from notify_api.inbound.types import StoredReceivedText
from notify_api.timeutils import format_datetime

API_PAGE_SIZE: Final = 250


def received_text_json(text: StoredReceivedText, encryption: Encryption) -> dict[str, Any]:
    return {
        "id": str(text.id),
        "created_at": format_datetime(text.created_at),
        "service_id": str(text.service_id),
        "notify_number": text.notify_number,
        "user_number": text.user_number,
        "content": encryption.decrypt(text.encrypted_content),
    }


async def list_received_texts(
    connection: AsyncConnection,
    encryption: Encryption,
    *,
    service_id: uuid.UUID,
    older_than: uuid.UUID | None,
    page_size: int = API_PAGE_SIZE,
) -> list[dict[str, Any]]:
    """No permission check: a service without inbound numbers simply has none."""
    page = await received_texts_page(connection, service_id, older_than, page_size)
    return [received_text_json(text, encryption) for text in page]

"""SQL for a trial-mode service's guest list (the ``service_whitelist`` table)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.services import service_whitelist
from notify_api.timeutils import utc_now


async def guest_list_entries(connection: AsyncConnection, service_id: uuid.UUID) -> list[tuple[str, str]]:
    """(recipient type, recipient) pairs, oldest first."""
    query = (
        select(service_whitelist.c.recipient_type, service_whitelist.c.recipient)
        .where(service_whitelist.c.service_id == service_id)
        .order_by(service_whitelist.c.created_at, service_whitelist.c.recipient)
    )
    return [(row.recipient_type, row.recipient) for row in (await connection.execute(query)).all()]


async def replace_guest_list_entries(
    connection: AsyncConnection, service_id: uuid.UUID, entries: Sequence[tuple[str, str]]
) -> None:
    """Delete the service's entries and insert ``entries`` (recipient type, recipient) in their place."""
    await connection.execute(delete(service_whitelist).where(service_whitelist.c.service_id == service_id))
    now = utc_now()
    rows = [
        {"id": uuid.uuid4(), "service_id": service_id, "recipient_type": kind, "recipient": recipient,
         "created_at": now}
        for kind, recipient in entries
    ]  # fmt: skip
    if rows:
        await connection.execute(insert(service_whitelist), rows)

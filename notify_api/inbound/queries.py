"""SQL for received text messages."""

from __future__ import annotations

import uuid

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.inbound import inbound_sms
from notify_api.inbound.types import StoredReceivedText

_i = inbound_sms.c


async def received_texts_page(
    connection: AsyncConnection, service_id: uuid.UUID, older_than: uuid.UUID | None, limit: int
) -> list[StoredReceivedText]:
    """A service's received texts, newest first, optionally only those before ``older_than``.

    Ties on ``created_at`` are broken by id so that paging never skips or repeats a message; an
    ``older_than`` the service does not have gives an empty page.
    """
    query = (
        select(_i.id, _i.created_at, _i.service_id, _i.notify_number, _i.user_number, _i.content)
        .where(_i.service_id == service_id)
        .order_by(_i.created_at.desc(), _i.id.desc())
        .limit(limit)
    )
    if older_than is not None:
        older = inbound_sms.alias("older_than")
        marker = (
            select(older.c.created_at, older.c.id)
            .where(older.c.id == older_than, older.c.service_id == service_id)
            .scalar_subquery()
        )
        query = query.where(tuple_(_i.created_at, _i.id) < marker)
    return [StoredReceivedText(*row) for row in await connection.execute(query)]

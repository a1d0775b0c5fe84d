"""The one read the development tooling needs that no domain package offers: a service by its exact name."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.services import services


async def service_id_named(connection: AsyncConnection, name: str) -> uuid.UUID | None:
    query = select(services.c.id).where(services.c.name == name)
    found = (await connection.execute(query)).scalar_one_or_none()
    return None if found is None else uuid.UUID(str(found))

"""API key reads."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.api_keys.types import LoadedApiKey
from notify_api.crypto import Encryption
from notify_api.db.tables.api_keys import api_keys

# Revoked keys are still recognised (to say "revoked") for this long.
REVOKED_KEY_MEMORY = timedelta(days=7)


async def load_usable_api_keys(
    connection: AsyncConnection, service_id: uuid.UUID, encryption: Encryption, now: datetime
) -> list[LoadedApiKey]:
    """Unrevoked keys, and keys revoked on a day within the last 7 days, with their secrets decrypted."""
    query = select(api_keys.c.id, api_keys.c.key_type, api_keys.c.secret, api_keys.c.expiry_date).where(
        api_keys.c.service_id == service_id,
        or_(
            api_keys.c.expiry_date.is_(None),
            func.date(api_keys.c.expiry_date) > (now - REVOKED_KEY_MEMORY).date(),
        ),
    )
    rows = (await connection.execute(query)).all()
    return [
        LoadedApiKey(
            id=row.id,
            key_type=row.key_type,
            secret=encryption.decrypt(row.secret),
            expiry_date=row.expiry_date,
        )
        for row in rows
    ]

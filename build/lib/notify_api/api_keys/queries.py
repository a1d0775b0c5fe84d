"""API key reads."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.api_keys.types import ApiKeyListing, LoadedApiKey
from notify_api.crypto import Encryption
from notify_api.db.tables.api_keys import api_keys, api_keys_history
from notify_api.services.queries.history import copy_many_to_history, insert_first_version, save_new_version

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


# --- Admin API -------------------------------------------------------------------------------------------

_LISTED = select(
    api_keys.c.id,
    api_keys.c.name,
    api_keys.c.key_type,
    api_keys.c.expiry_date,
    api_keys.c.created_at,
    api_keys.c.updated_at,
    api_keys.c.created_by_id,
    api_keys.c.version,
)


def _listed(row: Any) -> ApiKeyListing:
    return ApiKeyListing(**row._mapping)


async def insert_api_key(
    connection: AsyncConnection,
    *,
    service_id: uuid.UUID,
    name: str,
    key_type: str,
    created_by_id: uuid.UUID,
    encrypted_secret: str,
) -> uuid.UUID:
    values = {
        "service_id": service_id,
        "name": name,
        "key_type": key_type,
        "created_by_id": created_by_id,
        "secret": encrypted_secret,
    }
    return await insert_first_version(connection, api_keys, api_keys_history, values)


async def unexpired_key_name_taken(connection: AsyncConnection, service_id: uuid.UUID, name: str) -> bool:
    query = select(api_keys.c.id).where(
        api_keys.c.service_id == service_id, api_keys.c.name == name, api_keys.c.expiry_date.is_(None)
    )
    return (await connection.execute(query)).first() is not None


async def revoke_api_key(
    connection: AsyncConnection, service_id: uuid.UUID, api_key_id: uuid.UUID, now: datetime
) -> bool:
    """Expire one key of the service (a new version); False if the service has no such key."""
    query = select(api_keys.c.id).where(api_keys.c.id == api_key_id, api_keys.c.service_id == service_id)
    if (await connection.execute(query)).first() is None:
        return False
    return await save_new_version(connection, api_keys, api_keys_history, api_key_id, {"expiry_date": now})


async def revoke_all_api_keys(connection: AsyncConnection, service_id: uuid.UUID, now: datetime) -> None:
    """Expire every unexpired key of the service, each as a new version."""
    statement = (
        update(api_keys)
        .where(api_keys.c.service_id == service_id, api_keys.c.expiry_date.is_(None))
        .values(expiry_date=now, updated_at=now, version=api_keys.c.version + 1)
        .returning(api_keys.c.id)
    )
    revoked = list((await connection.execute(statement)).scalars())
    await copy_many_to_history(connection, api_keys, api_keys_history, revoked)


async def list_api_keys(
    connection: AsyncConnection, service_id: uuid.UUID, now: datetime, *, api_key_id: uuid.UUID | None = None
) -> list[ApiKeyListing]:
    """One unexpired key, or all keys that are unexpired or expired on a day within the last 7 days."""
    query = _LISTED.where(api_keys.c.service_id == service_id)
    if api_key_id is not None:
        query = query.where(api_keys.c.id == api_key_id, api_keys.c.expiry_date.is_(None))
    else:
        query = query.where(
            or_(
                api_keys.c.expiry_date.is_(None),
                func.date(api_keys.c.expiry_date) > (now - REVOKED_KEY_MEMORY).date(),
            )
        )
    rows = (await connection.execute(query.order_by(api_keys.c.created_at))).all()
    return [_listed(row) for row in rows]

"""The idempotency_keys table (see ``notify_api.db.tables.idempotency``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.idempotency import idempotency_keys

k = idempotency_keys.c


@dataclass(frozen=True, slots=True)
class StoredKey:
    fingerprint: str
    response_status: int | None
    response_body: bytes | None


async def claim_key(
    connection: AsyncConnection,
    service_id: uuid.UUID,
    key: str,
    fingerprint: str,
    *,
    now: datetime,
    expired_before: datetime,
) -> bool:
    """Take the key for a new request (or one whose earlier use has expired); False when it is in use.

    One statement: concurrent requests with the same key cannot both take it.
    """
    values = {"service_id": service_id, "key": key, "fingerprint": fingerprint, "created_at": now}
    statement = (
        insert(idempotency_keys)
        .values(**values)
        .on_conflict_do_update(
            index_elements=[k.service_id, k.key],
            set_={
                "fingerprint": fingerprint,
                "created_at": now,
                "response_status": None,
                "response_body": None,
            },
            where=k.created_at < expired_before,
        )
        .returning(k.key)
    )
    return (await connection.execute(statement)).first() is not None


# Built once: it is read on every send that carries a key.
_STORED_KEY = select(k.fingerprint, k.response_status, k.response_body).where(
    k.service_id == bindparam("service_id"),
    k.key == bindparam("key"),
    k.created_at >= bindparam("taken_since", type_=k.created_at.type),
)


async def stored_key(
    connection: AsyncConnection, service_id: uuid.UUID, key: str, *, taken_since: datetime
) -> StoredKey | None:
    """The key's row unless it was taken before ``taken_since`` (expired)."""
    parameters = {"service_id": service_id, "key": key, "taken_since": taken_since}
    row = (await connection.execute(_STORED_KEY, parameters)).one_or_none()
    return None if row is None else StoredKey(row.fingerprint, row.response_status, row.response_body)


async def store_response(
    connection: AsyncConnection, service_id: uuid.UUID, key: str, status: int, body: bytes
) -> None:
    await connection.execute(
        update(idempotency_keys)
        .where(k.service_id == service_id, k.key == key)
        .values(response_status=status, response_body=body)
    )


async def release_key(connection: AsyncConnection, service_id: uuid.UUID, key: str) -> None:
    await connection.execute(delete(idempotency_keys).where(k.service_id == service_id, k.key == key))


async def delete_expired_keys(connection: AsyncConnection, *, expired_before: datetime) -> int:
    result = await connection.execute(delete(idempotency_keys).where(k.created_at < expired_before))
    return result.rowcount

"""The documents table: one row per stored file (see ``notify_api.db.tables.documents``)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.documents import documents


@dataclass(frozen=True, slots=True)
class DocumentRow:
    id: uuid.UUID
    service_id: uuid.UUID
    expires_at: datetime
    confirm_email: bool


@dataclass(frozen=True, slots=True)
class DocumentStatus:
    expires_at: datetime
    confirm_email: bool
    deleted: bool

    def gone(self, now: datetime) -> bool:
        return self.deleted or self.expires_at <= now


async def insert_documents(connection: AsyncConnection, rows: Sequence[DocumentRow]) -> None:
    await connection.execute(
        insert(documents),
        [
            {
                "id": row.id,
                "service_id": row.service_id,
                "expires_at": row.expires_at,
                "confirm_email": row.confirm_email,
            }
            for row in rows
        ],
    )


async def find_document_status(
    connection: AsyncConnection, service_id: uuid.UUID, document_id: uuid.UUID
) -> DocumentStatus | None:
    query = select(documents.c.expires_at, documents.c.confirm_email, documents.c.deleted_at).where(
        documents.c.id == document_id, documents.c.service_id == service_id
    )
    row = (await connection.execute(query)).one_or_none()
    if row is None:
        return None
    return DocumentStatus(
        expires_at=row.expires_at, confirm_email=row.confirm_email, deleted=row.deleted_at is not None
    )


async def expired_documents(
    connection: AsyncConnection, *, now: datetime, limit: int
) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """(service id, document id) of files past their expiry still in the bucket, oldest first."""
    query = (
        select(documents.c.service_id, documents.c.id)
        .where(documents.c.deleted_at.is_(None), documents.c.expires_at <= now)
        .order_by(documents.c.expires_at)
        .limit(limit)
    )
    return [(row.service_id, row.id) for row in await connection.execute(query)]


async def mark_deleted(
    connection: AsyncConnection, document_ids: Sequence[uuid.UUID], *, now: datetime
) -> int:
    result = await connection.execute(
        update(documents).where(documents.c.id.in_(document_ids)).values(deleted_at=now)
    )
    return result.rowcount

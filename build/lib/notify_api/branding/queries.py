"""Branding SQL."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.branding.types import EmailBranding, LetterBranding
from notify_api.db.tables.branding import email_branding, letter_branding

_EMAIL = select(
    email_branding.c.id,
    email_branding.c.colour,
    email_branding.c.logo,
    email_branding.c.name,
    email_branding.c.text,
    email_branding.c.brand_type,
)
_LETTER = select(letter_branding.c.id, letter_branding.c.name, letter_branding.c.filename)


async def list_email_branding(connection: AsyncConnection) -> list[EmailBranding]:
    return [EmailBranding(*row) for row in await connection.execute(_EMAIL.order_by(email_branding.c.name))]


async def get_email_branding(connection: AsyncConnection, branding_id: uuid.UUID) -> EmailBranding | None:
    row = (await connection.execute(_EMAIL.where(email_branding.c.id == branding_id))).one_or_none()
    return EmailBranding(*row) if row else None


async def list_letter_branding(connection: AsyncConnection) -> list[LetterBranding]:
    return [
        LetterBranding(*row) for row in await connection.execute(_LETTER.order_by(letter_branding.c.name))
    ]


async def get_letter_branding(connection: AsyncConnection, branding_id: uuid.UUID) -> LetterBranding | None:
    row = (await connection.execute(_LETTER.where(letter_branding.c.id == branding_id))).one_or_none()
    return LetterBranding(*row) if row else None


async def value_taken(
    connection: AsyncConnection, table: Any, column: str, value: Any, *, other_than: uuid.UUID | None = None
) -> bool:
    """Is ``value`` already used in a unique column (names compared as stored)?"""
    query = select(func.count()).where(table.c[column] == value)
    if other_than is not None:
        query = query.where(table.c.id != other_than)
    return bool((await connection.execute(query)).scalar_one())


async def insert_branding(connection: AsyncConnection, table: Any, values: dict[str, Any]) -> uuid.UUID:
    branding_id = uuid.uuid4()
    await connection.execute(insert(table).values(id=branding_id, **values))
    return branding_id


async def update_branding(
    connection: AsyncConnection, table: Any, branding_id: uuid.UUID, values: dict[str, Any]
) -> bool:
    if not values:
        found = await connection.execute(select(table.c.id).where(table.c.id == branding_id))
        return found.first() is not None
    result = await connection.execute(
        update(table).where(table.c.id == branding_id).values(**values).returning(table.c.id)
    )
    return result.first() is not None

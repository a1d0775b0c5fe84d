"""Versioned rows: every save of a service, API key or callback config also writes a ``<table>_history`` row.

The first save is version 1; each later save bumps ``version`` and ``updated_at`` on the live row and copies
the whole row into the history table, so the history holds every version in full.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.timeutils import utc_now


async def copy_to_history(connection: AsyncConnection, table: Table, history: Table, row_id: Any) -> None:
    await copy_many_to_history(connection, table, history, [row_id])


async def copy_many_to_history(
    connection: AsyncConnection, table: Table, history: Table, row_ids: Sequence[Any]
) -> None:
    """Copy the current version of each row into the history table."""
    if not row_ids:
        return
    names = [column.name for column in table.columns]
    source = select(*(table.c[name] for name in names)).where(table.c.id.in_(row_ids))
    await connection.execute(insert(history).from_select(names, source))


async def insert_first_version(
    connection: AsyncConnection, table: Table, history: Table, values: dict[str, Any]
) -> uuid.UUID:
    """Insert a new row as version 1 and record it; returns the row id."""
    row = {"id": uuid.uuid4(), "created_at": utc_now(), **values, "version": 1}
    await connection.execute(insert(table).values(**row))
    await copy_to_history(connection, table, history, row["id"])
    return uuid.UUID(str(row["id"]))


async def save_new_version(
    connection: AsyncConnection, table: Table, history: Table, row_id: Any, values: dict[str, Any]
) -> bool:
    """Apply ``values`` as the next version of the row and record it; False if there is no such row."""
    statement = (
        update(table)
        .where(table.c.id == row_id)
        .values(**values, version=table.c.version + 1, updated_at=utc_now())
        .returning(table.c.id)
    )
    if (await connection.execute(statement)).first() is None:
        return False
    await copy_to_history(connection, table, history, row_id)
    return True

"""Callback configuration reads and versioned writes."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.callbacks.types import CallbackConfig, CallbackKind
from notify_api.services.history import insert_first_version, save_new_version


def _where_kind(kind: CallbackKind, query: Any) -> Any:
    if kind.callback_type is not None:
        query = query.where(kind.table.c.callback_type == kind.callback_type)
    return query


async def get_config(
    connection: AsyncConnection, kind: CallbackKind, service_id: uuid.UUID, config_id: uuid.UUID
) -> CallbackConfig | None:
    table = kind.table
    query = select(
        table.c.id,
        table.c.service_id,
        table.c.url,
        table.c.updated_by_id,
        table.c.created_at,
        table.c.updated_at,
    ).where(table.c.id == config_id, table.c.service_id == service_id)
    row = (await connection.execute(_where_kind(kind, query))).one_or_none()
    return CallbackConfig(**row._mapping) if row else None


async def service_has_config(connection: AsyncConnection, kind: CallbackKind, service_id: uuid.UUID) -> bool:
    query = select(kind.table.c.id).where(kind.table.c.service_id == service_id)
    return (await connection.execute(_where_kind(kind, query))).first() is not None


async def insert_config(
    connection: AsyncConnection,
    kind: CallbackKind,
    *,
    service_id: uuid.UUID,
    url: str,
    encrypted_token: str,
    updated_by_id: uuid.UUID,
) -> uuid.UUID:
    values: dict[str, Any] = {
        "service_id": service_id,
        "url": url,
        "bearer_token": encrypted_token,
        "updated_by_id": updated_by_id,
    }
    if kind.callback_type is not None:
        values["callback_type"] = kind.callback_type
    return await insert_first_version(connection, kind.table, kind.history, values)


async def update_config(
    connection: AsyncConnection, kind: CallbackKind, config_id: uuid.UUID, values: dict[str, Any]
) -> None:
    await save_new_version(connection, kind.table, kind.history, config_id, values)


async def delete_config(connection: AsyncConnection, kind: CallbackKind, config_id: uuid.UUID) -> None:
    await connection.execute(delete(kind.table).where(kind.table.c.id == config_id))

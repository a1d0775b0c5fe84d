"""SQL of the operator commands: finding and rewriting encrypted values for key rotation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, ColumnElement, Table, and_, bindparam, func, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.api_keys import api_keys, api_keys_history
from notify_api.db.tables.callbacks import (
    service_callback_api,
    service_callback_api_history,
    service_inbound_api,
    service_inbound_api_history,
)
from notify_api.db.tables.inbound import inbound_sms
from notify_api.db.tables.notifications import notifications

RowKey = tuple[Any, ...]


@dataclass(frozen=True)
class EncryptedColumn:
    table: Table
    column_name: str

    @property
    def name(self) -> str:
        return f"{self.table.name}.{self.column_name}"

    @property
    def column(self) -> Column[Any]:
        return self.table.c[self.column_name]

    @property
    def key_columns(self) -> list[Column[Any]]:
        return list(self.table.primary_key.columns)


# Every column sealed with ``Encryption`` (history tables keep copies of the secrets and tokens).
# Document keys are not stored: they travel only in the download URL.
ENCRYPTED_COLUMNS: tuple[EncryptedColumn, ...] = (
    EncryptedColumn(api_keys, "secret"),
    EncryptedColumn(api_keys_history, "secret"),
    EncryptedColumn(service_callback_api, "bearer_token"),
    EncryptedColumn(service_callback_api_history, "bearer_token"),
    EncryptedColumn(service_inbound_api, "bearer_token"),
    EncryptedColumn(service_inbound_api_history, "bearer_token"),
    EncryptedColumn(notifications, "_personalisation"),
    EncryptedColumn(inbound_sms, "content"),
)


@dataclass(frozen=True)
class StoredValue:
    key: RowKey
    value: str


@dataclass(frozen=True)
class Replacement:
    key: RowKey
    old: str
    new: str


def _not_current(encrypted: EncryptedColumn, current_prefix: str) -> ColumnElement[bool]:
    column = encrypted.column
    return and_(column.is_not(None), ~column.startswith(current_prefix, autoescape=True))


async def count_not_current(
    connection: AsyncConnection, encrypted: EncryptedColumn, current_prefix: str
) -> int:
    query = select(func.count()).select_from(encrypted.table).where(_not_current(encrypted, current_prefix))
    return int((await connection.execute(query)).scalar_one())


async def not_current_batch(
    connection: AsyncConnection,
    encrypted: EncryptedColumn,
    current_prefix: str,
    *,
    after: RowKey | None,
    limit: int,
) -> list[StoredValue]:
    """The next ``limit`` values not on the newest key, in primary-key order after ``after``."""
    keys = encrypted.key_columns
    query = select(*keys, encrypted.column).where(_not_current(encrypted, current_prefix))
    if after is not None:
        query = query.where(tuple_(*keys) > tuple_(*after))
    rows = await connection.execute(query.order_by(*keys).limit(limit))
    return [StoredValue(tuple(row[: len(keys)]), row[len(keys)]) for row in rows]


async def replace_values(
    connection: AsyncConnection, encrypted: EncryptedColumn, replacements: Sequence[Replacement]
) -> int:
    """Write the new values; a row changed since it was read (its old value gone) is left alone."""
    if not replacements:
        return 0
    keys = encrypted.key_columns
    # A column with an onupdate default (notifications.updated_at) keeps its value: rotation is not a change.
    unchanged = {column.name: column for column in encrypted.table.columns if column.onupdate is not None}
    statement = (
        update(encrypted.table)
        .where(*(key == bindparam(f"key_{key.name}") for key in keys))
        .where(encrypted.column == bindparam("old_value"))
        .values({**unchanged, encrypted.column_name: bindparam("new_value")})
    )
    written = 0
    for item in replacements:
        # One statement per row: executemany does not report how many rows each one matched.
        parameters = {f"key_{key.name}": value for key, value in zip(keys, item.key, strict=True)}
        result = await connection.execute(
            statement, {**parameters, "old_value": item.old, "new_value": item.new}
        )
        written += result.rowcount
    return written

"""Column builders shared by the table modules (a Column object can belong to one table only)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, DateTime, ForeignKey, MetaData, PrimaryKeyConstraint, Table
from sqlalchemy.dialects.postgresql import UUID


def utc_now() -> datetime:
    """Naive UTC, as every timestamp column stores it."""
    return datetime.now(UTC).replace(tzinfo=None)


def uuid_pk() -> Column[uuid.UUID]:
    return Column("id", UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)


def uuid_fk(name: str, target: str, *, nullable: bool = False, **kwargs: Any) -> Column[uuid.UUID]:
    return Column(name, UUID(as_uuid=True), ForeignKey(target), nullable=nullable, **kwargs)


def created_at() -> Column[datetime]:
    return Column("created_at", DateTime, nullable=False, default=utc_now)


def updated_at() -> Column[datetime]:
    return Column("updated_at", DateTime, nullable=True, onupdate=utc_now)


def history_table(
    name: str, base: Table, metadata: MetaData, *, keep_foreign_keys: bool = False, **kwargs: Any
) -> Table:
    """A ``<table>_history`` copy of a versioned table: same columns, PK (id, version), no uniques.

    Defaults are dropped on purpose: a history row is always a full copy of the live row.
    """
    columns: list[Column[Any]] = []
    for column in base.columns:
        foreign_keys = (
            [ForeignKey(fk.target_fullname) for fk in column.foreign_keys] if keep_foreign_keys else []
        )
        columns.append(
            Column(
                column.name,
                column.type,
                *foreign_keys,
                nullable=column.nullable if column.name not in ("id", "version") else False,
            )
        )
    return Table(name, metadata, *columns, PrimaryKeyConstraint("id", "version"), **kwargs)

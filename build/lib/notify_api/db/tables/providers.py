"""Delivery providers (MMG, Firetext, SES), their version history and cost rates."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Integer, Numeric, String, Table

from notify_api.db.metadata import metadata
from notify_api.db.tables._columns import history_table, updated_at, uuid_fk, uuid_pk
from notify_api.db.tables.enums import notification_type_enum

provider_details = Table(
    "provider_details",
    metadata,
    uuid_pk(),
    Column("display_name", String, nullable=False),
    Column("identifier", String, nullable=False),
    Column("priority", Integer, nullable=False),  # 0-100 weight among active providers of a type
    Column("notification_type", notification_type_enum, nullable=False),
    Column("active", Boolean, nullable=False, default=False),
    Column("version", Integer, nullable=False, default=1),
    updated_at(),
    uuid_fk("created_by_id", "users.id", nullable=True, index=True),
    Column("supports_international", Boolean, nullable=False, default=False),
)

provider_details_history = history_table(
    "provider_details_history", provider_details, metadata, keep_foreign_keys=True
)

provider_rates = Table(
    "provider_rates",
    metadata,
    uuid_pk(),
    Column("valid_from", DateTime, nullable=False),
    Column("rate", Numeric, nullable=False),
    uuid_fk("provider_id", "provider_details.id", index=True),
)

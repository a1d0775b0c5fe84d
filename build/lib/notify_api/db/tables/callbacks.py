"""The URLs a service wants us to call: received texts and delivery receipts (both versioned).

``bearer_token`` is encrypted at rest.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Table, Text, UniqueConstraint

from notify_api.db.metadata import metadata
from notify_api.db.tables._columns import created_at, history_table, uuid_fk, uuid_pk

service_inbound_api = Table(
    "service_inbound_api",
    metadata,
    uuid_pk(),
    uuid_fk("service_id", "services.id", unique=True),
    Column("url", String, nullable=False),
    Column("bearer_token", Text, nullable=False),
    created_at(),
    Column("updated_at", DateTime, nullable=True),
    uuid_fk("updated_by_id", "users.id", index=True),
    Column("version", Integer, nullable=False, default=1),
)

service_inbound_api_history = history_table("service_inbound_api_history", service_inbound_api, metadata)

service_callback_api = Table(
    "service_callback_api",
    metadata,
    uuid_pk(),
    uuid_fk("service_id", "services.id", index=True),
    Column("url", String, nullable=False),
    Column("callback_type", String(255), ForeignKey("service_callback_type.name"), nullable=True),
    Column("bearer_token", Text, nullable=False),
    created_at(),
    Column("updated_at", DateTime, nullable=True),
    uuid_fk("updated_by_id", "users.id", index=True),
    Column("version", Integer, nullable=False, default=1),
    UniqueConstraint("service_id", "callback_type"),
)

service_callback_api_history = history_table("service_callback_api_history", service_callback_api, metadata)

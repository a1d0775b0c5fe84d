"""API keys (versioned). ``secret`` holds the key secret encrypted at rest."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, String, Table, Text

from notify_api.db.metadata import metadata
from notify_api.db.tables._columns import created_at, history_table, updated_at, uuid_fk, uuid_pk

api_keys = Table(
    "api_keys",
    metadata,
    uuid_pk(),
    Column("name", String(255), nullable=False),
    Column("secret", Text, nullable=False, unique=True),
    uuid_fk("service_id", "services.id", index=True),
    Column("key_type", String(255), ForeignKey("key_types.name"), nullable=False, index=True),
    Column("expiry_date", DateTime, nullable=True),  # set = revoked
    created_at(),
    updated_at(),
    uuid_fk("created_by_id", "users.id", index=True),
    Column("version", Integer, nullable=False, default=1),
)

# A revoked key frees its name for reuse.
Index(
    "uix_service_to_key_name",
    api_keys.c.service_id,
    api_keys.c.name,
    unique=True,
    postgresql_where=api_keys.c.expiry_date.is_(None),
)

api_keys_history = history_table("api_keys_history", api_keys, metadata)

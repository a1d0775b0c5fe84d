"""Idempotency keys of public API sends: a retried request gets the first response, not a second send."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, LargeBinary, PrimaryKeyConstraint, String, Table
from sqlalchemy.dialects.postgresql import UUID

from notify_api.db.metadata import metadata

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("service_id", UUID(as_uuid=True), nullable=False),
    Column("key", String(255), nullable=False),
    Column("fingerprint", String(64), nullable=False),  # sha256 of the route and the body, hex
    Column("created_at", DateTime, nullable=False, index=True),
    Column("response_status", Integer, nullable=True),  # null while the first request is in flight
    Column("response_body", LargeBinary, nullable=True),
    PrimaryKeyConstraint("service_id", "key", name="pk_idempotency_keys"),
)

"""Audit events and email complaints reported by SES."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, String, Table, Text
from sqlalchemy.dialects.postgresql import JSON, UUID

from notify_api.db.metadata import metadata
from notify_api.db.tables._columns import created_at, uuid_fk, uuid_pk

events = Table(
    "events",
    metadata,
    uuid_pk(),
    Column("event_type", String(255), nullable=False),
    created_at(),
    Column("data", JSON, nullable=False),
)

complaints = Table(
    "complaints",
    metadata,
    uuid_pk(),
    Column("notification_id", UUID(as_uuid=True), nullable=False, index=True),
    uuid_fk("service_id", "services.id", index=True),
    Column("ses_feedback_id", Text, nullable=True),
    Column("complaint_type", Text, nullable=True),
    Column("complaint_date", DateTime, nullable=True),
    created_at(),
)

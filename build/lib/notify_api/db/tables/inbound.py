"""Inbound numbers and received text messages. ``inbound_sms.content`` is encrypted at rest."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Index, String, Table, Text
from sqlalchemy.dialects.postgresql import UUID

from notify_api.db.metadata import metadata
from notify_api.db.tables._columns import created_at, updated_at, uuid_fk, uuid_pk

inbound_numbers = Table(
    "inbound_numbers",
    metadata,
    uuid_pk(),
    Column("number", String(11), nullable=False, unique=True),
    Column("provider", String, nullable=False),
    uuid_fk("service_id", "services.id", nullable=True, unique=True),
    Column("active", Boolean, nullable=False, default=True),
    created_at(),
    updated_at(),
)

inbound_sms = Table(
    "inbound_sms",
    metadata,
    uuid_pk(),
    created_at(),
    uuid_fk("service_id", "services.id"),
    Column("notify_number", String, nullable=False),  # the service's number the message was sent to
    Column("user_number", String, nullable=False),  # the sender, international format
    Column("provider_date", DateTime, nullable=True),
    Column("provider_reference", String, nullable=True),
    Column("provider", String, nullable=False),
    Column("content", Text, nullable=False),
)
Index("ix_inbound_sms_service_id_created_at", inbound_sms.c.service_id, inbound_sms.c.created_at.desc())
# "most recent message per sender" and the phone-number filter
Index(
    "ix_inbound_sms_service_id_user_number_created_at",
    inbound_sms.c.service_id,
    inbound_sms.c.user_number,
    inbound_sms.c.created_at.desc(),
)

inbound_sms_history = Table(
    "inbound_sms_history",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("created_at", DateTime, nullable=False, index=True),
    uuid_fk("service_id", "services.id", index=True),
    Column("notify_number", String, nullable=False),
    Column("provider_date", DateTime, nullable=True),
    Column("provider_reference", String, nullable=True),
    Column("provider", String, nullable=False),
)

"""Services (versioned) and the per-service settings that are not senders, branding or callbacks."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from notify_api.db.metadata import metadata
from notify_api.db.tables._columns import created_at, history_table, updated_at, utc_now, uuid_fk, uuid_pk
from notify_api.db.tables.enums import notification_type_enum, recipient_type_enum, template_type_enum

DEFAULT_RATE_LIMIT = 3000  # requests per minute per key type

services = Table(
    "services",
    metadata,
    uuid_pk(),
    Column("name", String(255), nullable=False, unique=True),
    created_at(),
    updated_at(),
    Column("active", Boolean, nullable=False, default=True),
    Column("message_limit", BigInteger, nullable=False),
    # Per-channel daily limits; null: the channel counts against message_limit, the total.
    Column("sms_message_limit", BigInteger, nullable=True),
    Column("email_message_limit", BigInteger, nullable=True),
    Column("letter_message_limit", BigInteger, nullable=True),
    Column("restricted", Boolean, nullable=False),  # trial mode
    Column("research_mode", Boolean, nullable=False, default=False),
    Column("email_from", Text, nullable=False, unique=True),
    uuid_fk("created_by_id", "users.id", index=True),
    Column("prefix_sms", Boolean, nullable=False, default=True),
    Column("organisation_type", String(255), ForeignKey("organisation_types.name"), nullable=True),
    Column("crown", Boolean, nullable=True),
    Column("rate_limit", Integer, nullable=False, default=DEFAULT_RATE_LIMIT),
    Column("contact_link", String(255), nullable=True),
    Column("volume_sms", Integer, nullable=True),
    Column("volume_email", Integer, nullable=True),
    Column("volume_letter", Integer, nullable=True),
    Column("consent_to_research", Boolean, nullable=True),
    Column("count_as_live", Boolean, nullable=False, default=True),
    uuid_fk("go_live_user_id", "users.id", nullable=True),
    Column("go_live_at", DateTime, nullable=True),
    uuid_fk("organisation_id", "organisation.id", nullable=True, index=True),
    Column("billing_contact_email_addresses", Text, nullable=True),
    Column("billing_contact_names", Text, nullable=True),
    Column("billing_reference", String(255), nullable=True),
    Column("purchase_order_number", String(255), nullable=True),
    Column("notes", Text, nullable=True),
    Column("version", Integer, nullable=False, default=1),
)

services_history = history_table("services_history", services, metadata)

service_permissions = Table(
    "service_permissions",
    metadata,
    uuid_fk("service_id", "services.id", primary_key=True),
    Column("permission", String(255), ForeignKey("service_permission_types.name"), primary_key=True),
    Column("created_at", DateTime, nullable=False, default=utc_now),
)

# The guest list ("whitelist" in the original naming).
service_whitelist = Table(
    "service_whitelist",
    metadata,
    uuid_pk(),
    uuid_fk("service_id", "services.id", index=True),
    Column("recipient_type", recipient_type_enum, nullable=False),
    Column("recipient", String(255), nullable=False),
    Column("created_at", DateTime, nullable=True, default=utc_now),
)

service_data_retention = Table(
    "service_data_retention",
    metadata,
    uuid_pk(),
    uuid_fk("service_id", "services.id", index=True),
    Column("notification_type", notification_type_enum, nullable=False),
    Column("days_of_retention", Integer, nullable=False),
    created_at(),
    updated_at(),
    UniqueConstraint("service_id", "notification_type"),
)

service_contact_list = Table(
    "service_contact_list",
    metadata,
    uuid_pk(),
    Column("original_file_name", String, nullable=False),
    Column("row_count", Integer, nullable=False),
    Column("template_type", template_type_enum, nullable=False),
    uuid_fk("service_id", "services.id", index=True),
    uuid_fk("created_by_id", "users.id", nullable=True, index=True),
    created_at(),
    updated_at(),
    Column("archived", Boolean, nullable=False, default=False),
)

"""Free allowances, rates, and the nightly fact tables (billing, status counts, processing time)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import UUID

from notify_api.db.metadata import metadata
from notify_api.db.tables._columns import created_at, updated_at, uuid_fk, uuid_pk
from notify_api.db.tables.enums import notification_type_enum

annual_billing = Table(
    "annual_billing",
    metadata,
    uuid_pk(),
    uuid_fk("service_id", "services.id", index=True),
    Column("financial_year_start", Integer, nullable=False),
    Column("free_sms_fragment_limit", Integer, nullable=False),
    updated_at(),
    created_at(),
    UniqueConstraint("service_id", "financial_year_start"),
)

# SMS (and historic email) rate per fragment, effective from valid_from.
rates = Table(
    "rates",
    metadata,
    uuid_pk(),
    Column("valid_from", DateTime, nullable=False),
    Column("rate", Float, nullable=False),
    Column("notification_type", notification_type_enum, nullable=False, index=True),
)

letter_rates = Table(
    "letter_rates",
    metadata,
    uuid_pk(),
    Column("start_date", DateTime, nullable=False),
    Column("end_date", DateTime, nullable=True),
    Column("sheet_count", Integer, nullable=False),  # double-sided sheets
    Column("rate", Numeric, nullable=False),
    Column("crown", Boolean, nullable=False),
    Column("post_class", String, nullable=False),
)

ft_billing = Table(
    "ft_billing",
    metadata,
    Column("bst_date", Date, primary_key=True),
    Column("template_id", UUID(as_uuid=True), primary_key=True),
    Column("service_id", UUID(as_uuid=True), primary_key=True),
    Column("notification_type", Text, primary_key=True),
    Column("provider", Text, primary_key=True),
    Column("rate_multiplier", Integer, primary_key=True),
    Column("international", Boolean, primary_key=True),
    Column("rate", Numeric, primary_key=True),
    Column("postage", String, primary_key=True),
    Column("billable_units", Integer, nullable=True),
    Column("notifications_sent", Integer, nullable=True),
    created_at(),
    updated_at(),
)
Index("ix_ft_billing_service_id_bst_date", ft_billing.c.service_id, ft_billing.c.bst_date)

ft_notification_status = Table(
    "ft_notification_status",
    metadata,
    Column("bst_date", Date, primary_key=True),
    Column("template_id", UUID(as_uuid=True), primary_key=True),
    Column("service_id", UUID(as_uuid=True), primary_key=True),
    Column("job_id", UUID(as_uuid=True), primary_key=True),  # zero uuid when not from a job
    Column("notification_type", Text, primary_key=True),
    Column("key_type", Text, primary_key=True),
    Column("notification_status", Text, primary_key=True),
    Column("notification_count", Integer, nullable=False),
    created_at(),
    updated_at(),
)
Index(
    "ix_ft_notification_status_service_id_bst_date",
    ft_notification_status.c.service_id,
    ft_notification_status.c.bst_date,
)
Index("ix_ft_notification_status_job_id", ft_notification_status.c.job_id)

ft_processing_time = Table(
    "ft_processing_time",
    metadata,
    Column("bst_date", Date, primary_key=True),
    Column("messages_total", Integer, nullable=False),
    Column("messages_within_10_secs", Integer, nullable=False),
    created_at(),
    updated_at(),
)

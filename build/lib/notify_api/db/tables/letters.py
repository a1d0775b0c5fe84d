"""Letter bookkeeping: returned letters and DVLA's daily sorted/unsorted counts."""

from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, Integer, String, Table, UniqueConstraint
from sqlalchemy.dialects.postgresql import UUID

from notify_api.db.metadata import metadata
from notify_api.db.tables._columns import updated_at, utc_now, uuid_fk, uuid_pk

returned_letters = Table(
    "returned_letters",
    metadata,
    uuid_pk(),
    Column("reported_at", Date, nullable=False),
    uuid_fk("service_id", "services.id", index=True),
    Column("notification_id", UUID(as_uuid=True), nullable=False, unique=True),
    Column("created_at", DateTime, nullable=False, default=utc_now),
    updated_at(),
)

daily_sorted_letter = Table(
    "daily_sorted_letter",
    metadata,
    uuid_pk(),
    Column("billing_day", Date, nullable=False, index=True),
    Column("file_name", String, nullable=True),
    Column("unsorted_count", Integer, nullable=False, default=0),
    Column("sorted_count", Integer, nullable=False, default=0),
    updated_at(),
    UniqueConstraint("file_name", "billing_day"),
)

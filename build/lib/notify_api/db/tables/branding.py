"""Email and letter branding, and which branding a service uses (at most one of each)."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, String, Table

from notify_api.db.metadata import metadata
from notify_api.db.tables._columns import uuid_fk, uuid_pk

email_branding = Table(
    "email_branding",
    metadata,
    uuid_pk(),
    Column("colour", String(7), nullable=True),
    Column("logo", String(255), nullable=True),
    Column("name", String(255), nullable=False, unique=True),
    Column("text", String(255), nullable=True),
    Column(
        "brand_type", String(255), ForeignKey("branding_type.name"), nullable=False, default="org", index=True
    ),
)

letter_branding = Table(
    "letter_branding",
    metadata,
    uuid_pk(),
    Column("name", String(255), nullable=False, unique=True),
    Column("filename", String(255), nullable=False, unique=True),
)

service_email_branding = Table(
    "service_email_branding",
    metadata,
    uuid_fk("service_id", "services.id", primary_key=True),
    uuid_fk("email_branding_id", "email_branding.id", index=True),
)

service_letter_branding = Table(
    "service_letter_branding",
    metadata,
    uuid_fk("service_id", "services.id", primary_key=True),
    uuid_fk("letter_branding_id", "letter_branding.id", index=True),
)

"""Organisations and the email domains that map users onto them."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Float, ForeignKey, String, Table, Text

from notify_api.db.metadata import metadata
from notify_api.db.tables._columns import created_at, updated_at, uuid_fk, uuid_pk

organisation = Table(
    "organisation",
    metadata,
    uuid_pk(),
    Column("name", String(255), nullable=False, unique=True),
    Column("active", Boolean, nullable=False, default=True),
    created_at(),
    updated_at(),
    Column("agreement_signed", Boolean, nullable=True),
    Column("agreement_signed_at", DateTime, nullable=True),
    uuid_fk("agreement_signed_by_id", "users.id", nullable=True),
    Column("agreement_signed_on_behalf_of_name", String(255), nullable=True),
    Column("agreement_signed_on_behalf_of_email_address", String(255), nullable=True),
    Column("agreement_signed_version", Float, nullable=True),
    Column("crown", Boolean, nullable=True),
    Column("organisation_type", String(255), ForeignKey("organisation_types.name"), nullable=True),
    Column("request_to_go_live_notes", Text, nullable=True),
    uuid_fk("email_branding_id", "email_branding.id", nullable=True),
    uuid_fk("letter_branding_id", "letter_branding.id", nullable=True),
    Column("billing_contact_email_addresses", Text, nullable=True),
    Column("billing_contact_names", Text, nullable=True),
    Column("billing_reference", String(255), nullable=True),
    Column("purchase_order_number", String(255), nullable=True),
    Column("notes", Text, nullable=True),
)

domain = Table(
    "domain",
    metadata,
    Column("domain", String(255), primary_key=True),
    uuid_fk("organisation_id", "organisation.id", index=True),
)

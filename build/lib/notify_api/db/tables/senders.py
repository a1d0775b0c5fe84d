"""A service's senders: SMS sender ids, email reply-to addresses and letter contact blocks."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, String, Table, Text

from notify_api.db.metadata import metadata
from notify_api.db.tables._columns import created_at, updated_at, uuid_fk, uuid_pk

service_sms_senders = Table(
    "service_sms_senders",
    metadata,
    uuid_pk(),
    Column("sms_sender", String(11), nullable=False),
    uuid_fk("service_id", "services.id", index=True),
    Column("is_default", Boolean, nullable=False, default=True),
    Column("archived", Boolean, nullable=False, default=False),
    uuid_fk("inbound_number_id", "inbound_numbers.id", nullable=True, unique=True),
    created_at(),
    updated_at(),
)

service_email_reply_to = Table(
    "service_email_reply_to",
    metadata,
    uuid_pk(),
    uuid_fk("service_id", "services.id", index=True),
    Column("email_address", Text, nullable=False),
    Column("is_default", Boolean, nullable=False, default=True),
    Column("archived", Boolean, nullable=False, default=False),
    created_at(),
    updated_at(),
)

service_letter_contacts = Table(
    "service_letter_contacts",
    metadata,
    uuid_pk(),
    uuid_fk("service_id", "services.id", index=True),
    Column("contact_block", Text, nullable=False),
    Column("is_default", Boolean, nullable=False, default=True),
    Column("archived", Boolean, nullable=False, default=False),
    created_at(),
    updated_at(),
)

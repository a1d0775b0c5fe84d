"""Templates, their versions, folders and redaction settings.

``templates`` holds the current version; ``templates_history`` every version (PK id, version), and it is
what notifications reference.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from notify_api.db.metadata import metadata
from notify_api.db.tables._columns import created_at, history_table, updated_at, utc_now, uuid_fk, uuid_pk
from notify_api.db.tables.enums import template_type_enum

PRECOMPILED_TEMPLATE_NAME = "Pre-compiled PDF"

# Letters carry a postage class; other template types must not.
_TEMPLATE_POSTAGE_CHECK = (
    "CASE WHEN template_type = 'letter' THEN postage IS NOT NULL AND postage IN ('first', 'second') "
    "ELSE postage IS NULL END"
)

template_folder = Table(
    "template_folder",
    metadata,
    uuid_pk(),
    uuid_fk("service_id", "services.id", index=True),
    Column("name", String, nullable=False),
    uuid_fk("parent_id", "template_folder.id", nullable=True, index=True),
    # target of the composite foreign key from user_folder_permissions
    UniqueConstraint("id", "service_id"),
)

templates = Table(
    "templates",
    metadata,
    uuid_pk(),
    Column("name", String(255), nullable=False),
    Column("template_type", template_type_enum, nullable=False),
    created_at(),
    updated_at(),
    Column("content", Text, nullable=False),
    Column("archived", Boolean, nullable=False, default=False),
    Column("hidden", Boolean, nullable=False, default=False),
    Column("subject", Text, nullable=True),
    Column("postage", String, nullable=True),
    uuid_fk("service_id", "services.id", index=True),
    uuid_fk("created_by_id", "users.id", index=True),
    Column(
        "process_type",
        String(255),
        ForeignKey("template_process_type.name"),
        nullable=False,
        default="normal",
        index=True,
    ),
    uuid_fk("service_letter_contact_id", "service_letter_contacts.id", nullable=True),
    Column("version", Integer, nullable=False, default=1),
    CheckConstraint(_TEMPLATE_POSTAGE_CHECK, name="postage_valid"),
)

templates_history = history_table("templates_history", templates, metadata, keep_foreign_keys=True)
templates_history.append_constraint(CheckConstraint(_TEMPLATE_POSTAGE_CHECK, name="postage_valid"))
Index("ix_templates_history_service_id", templates_history.c.service_id)

template_redacted = Table(
    "template_redacted",
    metadata,
    uuid_fk("template_id", "templates.id", primary_key=True),
    Column("redact_personalisation", Boolean, nullable=False, default=False),
    Column("updated_at", DateTime, nullable=False, default=utc_now),
    uuid_fk("updated_by_id", "users.id", index=True),
)

# A template is in at most one folder.
template_folder_map = Table(
    "template_folder_map",
    metadata,
    uuid_fk("template_id", "templates.id", primary_key=True),
    uuid_fk("template_folder_id", "template_folder.id", index=True),
)

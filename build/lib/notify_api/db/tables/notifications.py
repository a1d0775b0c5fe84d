"""Notifications (within retention) and notification_history (older, without recipient or content).

``_personalisation`` is encrypted at rest. ``(template_id, template_version)`` points at the exact template
version the message was rendered from.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import UUID

from notify_api.db.metadata import metadata
from notify_api.db.tables._columns import utc_now, uuid_fk
from notify_api.db.tables.enums import notification_type_enum

_POSTAGE_CHECK = (
    "CASE WHEN notification_type = 'letter' THEN "
    "postage IS NOT NULL AND postage IN ('first', 'second', 'europe', 'rest-of-world') "
    "ELSE postage IS NULL END"
)


def _common_columns(*, with_content: bool) -> list[Any]:
    """The columns both tables share; ``with_content`` adds recipient, personalisation and reply-to."""
    content = [
        Column("to", String, nullable=False),
        Column("normalised_to", String, nullable=True),
    ]
    columns: list[Any] = [
        Column("id", UUID(as_uuid=True), primary_key=True, default=uuid.uuid4 if with_content else None),
        *(content if with_content else []),
        uuid_fk("job_id", "jobs.id", nullable=True),
        Column("job_row_number", Integer, nullable=True),
        uuid_fk("service_id", "services.id"),
        Column("template_id", UUID(as_uuid=True), nullable=False),
        Column("template_version", Integer, nullable=False),
        uuid_fk("api_key_id", "api_keys.id", nullable=True),
        Column("key_type", String(255), ForeignKey("key_types.name"), nullable=False),
        Column("billable_units", Integer, nullable=False, default=0),
        Column("notification_type", notification_type_enum, nullable=False),
        Column("created_at", DateTime, nullable=False, default=utc_now),
        Column("sent_at", DateTime, nullable=True),
        Column("sent_by", String, nullable=True),
        Column("updated_at", DateTime, nullable=True, onupdate=utc_now),
        Column(
            "notification_status",
            String(255),
            ForeignKey("notification_status_types.name"),
            nullable=False,
            default="created",
        ),
        Column("reference", String, nullable=True),
        Column("client_reference", String, nullable=True),
    ]
    if with_content:
        columns.append(Column("_personalisation", Text, nullable=True))
    columns += [
        Column("international", Boolean, nullable=False, default=False),
        Column("phone_prefix", String, nullable=True),
        Column("rate_multiplier", Float, nullable=True),
        # history keeps who sent it even if that user is later deleted, as the original did
        uuid_fk("created_by_id", "users.id", nullable=True)
        if with_content
        else Column("created_by_id", UUID(as_uuid=True), nullable=True),
    ]
    if with_content:
        columns.append(Column("reply_to_text", String, nullable=True))
    columns += [
        Column("document_download_count", Integer, nullable=True),
        Column("postage", String, nullable=True),
        ForeignKeyConstraint(
            ["template_id", "template_version"], ["templates_history.id", "templates_history.version"]
        ),
        CheckConstraint(_POSTAGE_CHECK, name="postage_valid"),
    ]
    return columns


notifications = Table(
    "notifications",
    metadata,
    *_common_columns(with_content=True),
    UniqueConstraint("job_id", "job_row_number"),
)
_n = notifications.c
Index("ix_notifications_service_id_created_at", _n.service_id, _n.created_at.desc())
# GET /v2/notifications: one service, one key type, newest first, keyset on (created_at, id)
Index(
    "ix_notifications_service_id_key_type_created_at",
    _n.service_id,
    _n.key_type,
    _n.created_at.desc(),
    _n.id.desc(),
)
# sweepers and timeouts: "still sending after N days", "still created after an hour"
Index("ix_notifications_notification_status_created_at", _n.notification_status, _n.created_at)
Index("ix_notifications_reference", _n.reference)  # provider receipts look messages up by reference
Index(
    "ix_notifications_service_id_client_reference",
    _n.service_id,
    _n.client_reference,
    postgresql_where=_n.client_reference.isnot(None),
)
Index("ix_notifications_created_at", _n.created_at)
Index("ix_notifications_api_key_id", _n.api_key_id)
Index("ix_notifications_template_id", _n.template_id)

notification_history = Table("notification_history", metadata, *_common_columns(with_content=False))
_h = notification_history.c
Index("ix_notification_history_service_id_created_at", _h.service_id, _h.created_at.desc())
Index("ix_notification_history_created_at", _h.created_at)
Index("ix_notification_history_job_id", _h.job_id)
Index("ix_notification_history_reference", _h.reference)
Index("ix_notification_history_template_id", _h.template_id)
Index("ix_notification_history_api_key_id", _h.api_key_id)

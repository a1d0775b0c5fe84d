"""CSV jobs: one row per uploaded file of recipients."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Index, Integer, String, Table

from notify_api.db.metadata import metadata
from notify_api.db.tables._columns import created_at, updated_at, uuid_fk, uuid_pk

jobs = Table(
    "jobs",
    metadata,
    uuid_pk(),
    Column("original_file_name", String, nullable=False),
    uuid_fk("service_id", "services.id"),
    uuid_fk("template_id", "templates.id", nullable=True, index=True),
    Column("template_version", Integer, nullable=False),
    created_at(),
    updated_at(),
    Column("notification_count", Integer, nullable=False),
    Column("notifications_sent", Integer, nullable=False, default=0),
    Column("notifications_delivered", Integer, nullable=False, default=0),
    Column("notifications_failed", Integer, nullable=False, default=0),
    Column("processing_started", DateTime, nullable=True),
    Column("processing_finished", DateTime, nullable=True),
    uuid_fk("created_by_id", "users.id", nullable=True, index=True),
    Column("scheduled_for", DateTime, nullable=True, index=True),
    Column(
        "job_status",
        String(255),
        ForeignKey("job_status.name"),
        nullable=False,
        default="pending",
        index=True,
    ),
    Column("archived", Boolean, nullable=False, default=False),
    uuid_fk("contact_list_id", "service_contact_list.id", nullable=True, index=True),
)
Index("ix_jobs_service_id_created_at", jobs.c.service_id, jobs.c.created_at.desc())

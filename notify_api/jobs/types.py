"""Typed values for jobs and their JSON shapes, as the admin frontend reads them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from notify_api.timeutils import format_datetime

PENDING: Final = "pending"
IN_PROGRESS: Final = "in progress"
FINISHED: Final = "finished"
SENDING_LIMITS_EXCEEDED: Final = "sending limits exceeded"
SCHEDULED: Final = "scheduled"
CANCELLED: Final = "cancelled"
ERROR: Final = "error"

# Jobs the admin makes for itself; the job list leaves them out, as the original did.
TEST_MESSAGE_FILENAME: Final = "Test message"
ONE_OFF_MESSAGE_FILENAME: Final = "Report"


@dataclass(frozen=True, slots=True)
class JobStatistic:
    status: str
    count: int

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "count": self.count}


@dataclass(frozen=True, slots=True)
class JobRecord:
    id: uuid.UUID
    service_id: uuid.UUID
    service_name: str
    template_id: uuid.UUID
    template_version: int
    template_name: str
    template_type: str
    original_file_name: str
    notification_count: int
    job_status: str
    created_at: datetime
    updated_at: datetime | None
    processing_started: datetime | None
    processing_finished: datetime | None
    scheduled_for: datetime | None
    created_by_id: uuid.UUID | None
    created_by_name: str | None
    archived: bool
    contact_list_id: uuid.UUID | None
    statistics: tuple[JobStatistic, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "service": str(self.service_id),
            "service_name": {"name": self.service_name},
            "template": str(self.template_id),
            "template_version": self.template_version,
            "template_name": self.template_name,
            "template_type": self.template_type,
            "original_file_name": self.original_file_name,
            "notification_count": self.notification_count,
            "job_status": self.job_status,
            "created_at": format_datetime(self.created_at),
            "updated_at": format_datetime(self.updated_at),
            "processing_started": format_datetime(self.processing_started),
            "processing_finished": format_datetime(self.processing_finished),
            "scheduled_for": format_datetime(self.scheduled_for),
            "created_by": (
                {"id": str(self.created_by_id), "name": self.created_by_name} if self.created_by_id else None
            ),
            "archived": self.archived,
            "contact_list_id": str(self.contact_list_id) if self.contact_list_id else None,
            "statistics": [statistic.to_json() for statistic in self.statistics],
        }


@dataclass(frozen=True, slots=True)
class NewJob:
    id: uuid.UUID
    service_id: uuid.UUID
    template_id: uuid.UUID
    template_version: int
    original_file_name: str
    notification_count: int
    created_by_id: uuid.UUID | None
    scheduled_for: datetime | None
    job_status: str
    contact_list_id: uuid.UUID | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class JobNotification:
    id: uuid.UUID
    to: str
    job_row_number: int | None
    notification_type: str
    status: str
    created_at: datetime
    updated_at: datetime | None
    sent_at: datetime | None
    template_id: uuid.UUID
    template_version: int
    template_name: str

    def to_json(self, job_id: uuid.UUID) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "to": self.to,
            "job": {"id": str(job_id)},
            "job_row_number": self.job_row_number,
            "notification_type": self.notification_type,
            "status": self.status,
            "created_at": format_datetime(self.created_at),
            "updated_at": format_datetime(self.updated_at),
            "sent_at": format_datetime(self.sent_at),
            "template": {
                "id": str(self.template_id),
                "name": self.template_name,
                "template_type": self.notification_type,
                "version": self.template_version,
            },
        }

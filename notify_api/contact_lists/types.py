"""A contact list as the admin frontend reads it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from notify_api.timeutils import format_datetime


@dataclass(frozen=True, slots=True)
class ContactList:
    id: uuid.UUID
    service_id: uuid.UUID
    original_file_name: str
    row_count: int
    template_type: str
    created_by_name: str | None
    created_at: datetime
    recent_job_count: int  # jobs sent from it still inside the service's retention
    has_jobs: bool  # any job ever sent from it

    def as_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "original_file_name": self.original_file_name,
            "row_count": self.row_count,
            "recent_job_count": self.recent_job_count,
            "has_jobs": self.has_jobs,
            "template_type": self.template_type,
            "service_id": str(self.service_id),
            "created_by": self.created_by_name,
            "created_at": format_datetime(self.created_at),
        }


@dataclass(frozen=True, slots=True)
class NewContactList:
    id: uuid.UUID
    service_id: uuid.UUID
    original_file_name: str
    row_count: int
    template_type: str
    created_by_id: uuid.UUID
    created_at: datetime

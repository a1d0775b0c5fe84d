"""Typed views of invitations."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from notify_api.timeutils import format_datetime


@dataclass(frozen=True, slots=True)
class ServiceInvite:
    id: uuid.UUID
    service_id: uuid.UUID
    from_user_id: uuid.UUID
    email_address: str
    permissions: str
    status: str
    created_at: datetime
    auth_type: str
    folder_permissions: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "service": str(self.service_id),
            "from_user": str(self.from_user_id),
            "email_address": self.email_address,
            "permissions": self.permissions,
            "status": self.status,
            "created_at": format_datetime(self.created_at),
            "auth_type": self.auth_type,
            "folder_permissions": list(self.folder_permissions),
        }


@dataclass(frozen=True, slots=True)
class OrganisationInvite:
    id: uuid.UUID
    organisation_id: uuid.UUID
    invited_by_id: uuid.UUID
    email_address: str
    status: str
    created_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "email_address": self.email_address,
            "invited_by": str(self.invited_by_id),
            "organisation": str(self.organisation_id),
            "created_at": format_datetime(self.created_at),
            "status": self.status,
        }


@dataclass(frozen=True, slots=True)
class Inviter:
    id: uuid.UUID
    name: str
    email_address: str
    platform_admin: bool

"""Typed views of a user and of what the admin frontend shows about one."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from notify_api.timeutils import format_datetime

# The password timestamp keeps the original's own format (a space, no Z).
PASSWORD_CHANGED_FORMAT: Final = "%Y-%m-%d %H:%M:%S.%f"

SMS_AUTH: Final = "sms_auth"
EMAIL_AUTH: Final = "email_auth"
WEBAUTHN_AUTH: Final = "webauthn_auth"
AUTH_TYPES: Final = (SMS_AUTH, EMAIL_AUTH, WEBAUTHN_AUTH)

STATE_PENDING: Final = "pending"
STATE_ACTIVE: Final = "active"
STATE_INACTIVE: Final = "inactive"

MAX_FAILED_LOGIN_COUNT: Final = 10
MAX_VERIFY_CODE_COUNT: Final = 5


@dataclass(frozen=True, slots=True)
class User:
    id: uuid.UUID
    name: str
    email_address: str
    mobile_number: str | None
    auth_type: str
    state: str
    platform_admin: bool
    failed_login_count: int
    current_session_id: uuid.UUID | None
    logged_in_at: datetime | None
    password_changed_at: datetime
    email_access_validated_at: datetime
    password_hash: str
    # ids of the user's active services and active organisations
    service_ids: tuple[uuid.UUID, ...] = ()
    organisation_ids: tuple[uuid.UUID, ...] = ()
    # permission names per active service
    permissions: dict[uuid.UUID, tuple[str, ...]] = field(default_factory=dict)
    member_of_notify_service: bool = False

    @property
    def can_use_webauthn(self) -> bool:
        # Security keys are open to platform admins, users already on them, and the Notify team.
        return self.platform_admin or self.auth_type == WEBAUTHN_AUTH or self.member_of_notify_service

    def serialize(self) -> dict[str, Any]:
        """The shape the admin frontend reads (``User.serialize`` in the original)."""
        return {
            "id": str(self.id),
            "name": self.name,
            "email_address": self.email_address,
            "auth_type": self.auth_type,
            "current_session_id": str(self.current_session_id) if self.current_session_id else None,
            "failed_login_count": self.failed_login_count,
            "email_access_validated_at": format_datetime(self.email_access_validated_at),
            "logged_in_at": format_datetime(self.logged_in_at),
            "mobile_number": self.mobile_number,
            "organisations": [str(org_id) for org_id in self.organisation_ids],
            "password_changed_at": self.password_changed_at.strftime(PASSWORD_CHANGED_FORMAT),
            "permissions": {str(sid): list(names) for sid, names in self.permissions.items()},
            "platform_admin": self.platform_admin,
            "services": [str(service_id) for service_id in self.service_ids],
            "can_use_webauthn": self.can_use_webauthn,
            "state": self.state,
        }


@dataclass(frozen=True, slots=True)
class UserListItem:
    """One row of the platform admin's user search."""

    id: uuid.UUID
    name: str
    email_address: str
    mobile_number: str | None

    def serialize(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "email_address": self.email_address,
            "mobile_number": self.mobile_number,
        }


@dataclass(frozen=True, slots=True)
class VerifyCode:
    id: uuid.UUID
    code_hash: str
    code_type: str
    expiry_datetime: datetime
    code_used: bool


@dataclass(frozen=True, slots=True)
class UserOrganisation:
    id: uuid.UUID
    name: str
    count_of_live_services: int


@dataclass(frozen=True, slots=True)
class UserService:
    id: uuid.UUID
    name: str
    restricted: bool
    organisation_id: uuid.UUID | None


@dataclass(frozen=True, slots=True)
class OrganisationsAndServices:
    organisations: tuple[UserOrganisation, ...]
    services: tuple[UserService, ...]

    def serialize(self) -> dict[str, Any]:
        return {
            "organisations": [
                {"name": org.name, "id": str(org.id), "count_of_live_services": org.count_of_live_services}
                for org in self.organisations
            ],
            "services": [
                {
                    "id": str(service.id),
                    "name": service.name,
                    "restricted": service.restricted,
                    "organisation": str(service.organisation_id) if service.organisation_id else None,
                }
                for service in self.services
            ],
        }


@dataclass(frozen=True, slots=True)
class WebauthnCredential:
    id: uuid.UUID
    user_id: uuid.UUID
    name: str
    credential_data: str
    created_at: datetime
    updated_at: datetime | None

    def serialize(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "user_id": str(self.user_id),
            "name": self.name,
            "credential_data": self.credential_data,
            "created_at": format_datetime(self.created_at),
            "updated_at": format_datetime(self.updated_at),
        }

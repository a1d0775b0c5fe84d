"""Typed views of a service."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from notify_api.timeutils import format_datetime


@dataclass(frozen=True, slots=True)
class ServiceSummary:
    """What sending and auth need to know about a service (cached briefly per process)."""

    id: uuid.UUID
    name: str
    active: bool
    restricted: bool
    research_mode: bool
    message_limit: int
    rate_limit: int
    prefix_sms: bool
    email_from: str
    contact_link: str | None
    permissions: frozenset[str]
    channel_limits: Mapping[str, int] = field(default_factory=dict)  # notification type -> its own limit

    def has_permission(self, permission: str) -> bool:
        return permission in self.permissions


# Columns of ``services`` that the admin API may change with POST /service/{id}; relationship-style keys
# (created_by, go_live_user, organisation) map to their ``*_id`` columns.
UPDATABLE_COLUMNS: Final = (
    "name", "active", "message_limit", "sms_message_limit", "email_message_limit", "letter_message_limit",
    "restricted", "research_mode", "email_from", "prefix_sms",
    "organisation_type", "crown", "rate_limit", "contact_link", "volume_sms", "volume_email",
    "volume_letter", "consent_to_research", "count_as_live", "go_live_at",
    "billing_contact_email_addresses", "billing_contact_names", "billing_reference",
    "purchase_order_number", "notes",
)  # fmt: skip
RELATION_COLUMNS: Final = {
    "created_by": "created_by_id",
    "go_live_user": "go_live_user_id",
    "organisation": "organisation_id",
}
GO_LIVE_FORMAT: Final = "%Y-%m-%d %H:%M:%S.%f"


@dataclass(frozen=True, slots=True)
class ServiceRecord:
    """A service with everything the admin API shows about it."""

    columns: Mapping[str, Any]
    permissions: tuple[str, ...]
    email_branding_id: uuid.UUID | None
    letter_branding_id: uuid.UUID | None
    letter_logo_filename: str | None
    inbound_api_ids: tuple[uuid.UUID, ...]
    callback_api_ids: tuple[uuid.UUID, ...]

    @property
    def id(self) -> uuid.UUID:
        return uuid.UUID(str(self.columns["id"]))

    @property
    def name(self) -> str:
        return str(self.columns["name"])

    @property
    def active(self) -> bool:
        return bool(self.columns["active"])

    @property
    def restricted(self) -> bool:
        return bool(self.columns["restricted"])

    @property
    def research_mode(self) -> bool:
        return bool(self.columns["research_mode"])

    @property
    def message_limit(self) -> int:
        return int(self.columns["message_limit"])

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name, value in self.columns.items():
            data[name] = _json_value(name, value)
        for relation, column in RELATION_COLUMNS.items():
            data[relation] = data.pop(column)
        data["permissions"] = list(self.permissions)
        data["email_branding"] = _str_or_none(self.email_branding_id)
        data["letter_branding"] = _str_or_none(self.letter_branding_id)
        data["letter_logo_filename"] = self.letter_logo_filename
        data["inbound_api"] = [str(item) for item in self.inbound_api_ids]
        data["service_callback_api"] = [str(item) for item in self.callback_api_ids]
        # The admin frontend reads these; broadcasts are out of scope, so a service never has either.
        data["allowed_broadcast_provider"] = None
        data["broadcast_channel"] = None
        return data


def _str_or_none(value: object | None) -> str | None:
    return None if value is None else str(value)


def _json_value(name: str, value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.strftime(GO_LIVE_FORMAT) if name == "go_live_at" else format_datetime(value)
    return value


@dataclass(frozen=True, slots=True)
class ServiceStatisticsRow:
    service_id: uuid.UUID
    notification_type: str | None
    status: str | None
    count: int


PASSWORD_CHANGED_FORMAT: Final = "%Y-%m-%d %H:%M:%S.%f"


@dataclass(frozen=True, slots=True)
class TeamMember:
    """A user as the admin API shows them in a service's team list."""

    id: uuid.UUID
    name: str
    email_address: str
    mobile_number: str | None
    auth_type: str
    current_session_id: uuid.UUID | None
    failed_login_count: int
    email_access_validated_at: datetime
    logged_in_at: datetime | None
    password_changed_at: datetime
    platform_admin: bool
    state: str
    services: tuple[uuid.UUID, ...]
    organisations: tuple[uuid.UUID, ...]
    permissions: Mapping[str, tuple[str, ...]]

    def as_json(self, notify_service_id: uuid.UUID) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "email_address": self.email_address,
            "auth_type": self.auth_type,
            "current_session_id": _str_or_none(self.current_session_id),
            "failed_login_count": self.failed_login_count,
            "email_access_validated_at": format_datetime(self.email_access_validated_at),
            "logged_in_at": format_datetime(self.logged_in_at),
            "mobile_number": self.mobile_number,
            "organisations": [str(item) for item in self.organisations],
            "password_changed_at": self.password_changed_at.strftime(PASSWORD_CHANGED_FORMAT),
            "permissions": {key: list(value) for key, value in self.permissions.items()},
            "platform_admin": self.platform_admin,
            "services": [str(item) for item in self.services],
            "can_use_webauthn": self.platform_admin
            or self.auth_type == "webauthn_auth"
            or notify_service_id in self.services,
            "state": self.state,
        }


@dataclass(frozen=True, slots=True)
class OrganisationDefaults:
    """What a new service inherits from the organisation its creator's email domain belongs to."""

    id: uuid.UUID
    organisation_type: str | None
    crown: bool | None
    email_branding_id: uuid.UUID | None
    letter_branding_id: uuid.UUID | None


@dataclass(frozen=True, slots=True)
class GuestList:
    email_addresses: tuple[str, ...]
    phone_numbers: tuple[str, ...]

    def as_json(self) -> dict[str, list[str]]:
        return {"email_addresses": list(self.email_addresses), "phone_numbers": list(self.phone_numbers)}


@dataclass(frozen=True, slots=True)
class DataRetention:
    id: uuid.UUID
    service_id: uuid.UUID
    service_name: str
    notification_type: str
    days_of_retention: int
    created_at: datetime
    updated_at: datetime | None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "service_id": str(self.service_id),
            "service_name": self.service_name,
            "notification_type": self.notification_type,
            "days_of_retention": self.days_of_retention,
            "created_at": format_datetime(self.created_at),
            "updated_at": format_datetime(self.updated_at),
        }

"""Service lifecycle rules for the admin API: create, update, archive, suspend, resume."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

from notify_api.api_keys.queries import revoke_all_api_keys
from notify_api.crypto import Encryption
from notify_api.db.database import UnitOfWork
from notify_api.db.tables.seed_ids import (
    NHS_EMAIL_BRANDING_ID,
    NHS_LETTER_BRANDING_ID,
    NOTIFY_SERVICE_REPLY_TO,
    SERVICE_NOW_LIVE_TEMPLATE_ID,
)
from notify_api.enums import SERVICE_PERMISSION_TYPES
from notify_api.errors import InvalidRequest, NotFoundError
from notify_api.notifications.sending.internal import send_notify_message
from notify_api.services.fields import check_types, optional_uuid, require_fields, uuid_field
from notify_api.services.members import DEFAULT_USER_PERMISSIONS
from notify_api.services.queries import members, writes
from notify_api.services.queries.reads import get_service_record, is_name_or_email_from_taken
from notify_api.services.types import RELATION_COLUMNS, UPDATABLE_COLUMNS, ServiceRecord
from notify_api.tasks.enqueue import TaskQueue
from notify_api.timeutils import LONDON, utc_now

DEFAULT_SERVICE_PERMISSIONS: Final = (
    "sms", "email", "letter", "international_sms", "upload_letters", "international_letters",
)  # fmt: skip
NHS_ORGANISATION_TYPES: Final = frozenset({"nhs_central", "nhs_local", "nhs_gp"})
CROWN_BY_ORGANISATION_TYPE: Final[dict[str, bool]] = {
    "central": True, "nhs_central": True, "local": False, "nhs_local": False, "nhs_gp": False,
    "emergency_service": False, "school_or_college": False,
}  # fmt: skip
# Free text-message fragments a year, by organisation type (financial years from April 2021).
FREE_SMS_FRAGMENTS: Final[dict[str | None, int]] = {
    "central": 150_000, "nhs_central": 150_000, "local": 25_000, "nhs_local": 25_000, "nhs_gp": 10_000,
    "emergency_service": 25_000, "school_or_college": 10_000, "other": 10_000,
}  # fmt: skip
DEFAULT_FREE_SMS_FRAGMENTS: Final = 10_000

_COLUMN_TYPES: Final[dict[str, type | tuple[type, ...]]] = {
    "name": str, "email_from": str, "message_limit": int, "rate_limit": int, "restricted": bool,
    "sms_message_limit": int, "email_message_limit": int, "letter_message_limit": int,
    "active": bool, "research_mode": bool, "prefix_sms": bool, "count_as_live": bool,
    "consent_to_research": bool, "volume_sms": int, "volume_email": int, "volume_letter": int,
}  # fmt: skip
# Limits and volumes are counts: negative ones would refuse every send, and the columns have a range.
_COUNT_RANGES: Final = {
    "message_limit": 2**63 - 1, "rate_limit": 2**31 - 1, "sms_message_limit": 2**63 - 1,
    "email_message_limit": 2**63 - 1, "letter_message_limit": 2**63 - 1,
    "volume_sms": 2**31 - 1, "volume_email": 2**31 - 1, "volume_letter": 2**31 - 1,
}  # fmt: skip


def _check_counts(body: dict[str, Any]) -> None:
    errors = {
        name: [f"Must be between 0 and {largest}."]
        for name, largest in _COUNT_RANGES.items()
        if isinstance(body.get(name), int) and not 0 <= body[name] <= largest
    }
    if errors:
        raise InvalidRequest(errors, 400)


def financial_year_start(now: datetime) -> int:
    """Financial years start on 1 April, London time."""
    london = now.replace(tzinfo=ZoneInfo("UTC")).astimezone(LONDON)
    return london.year if london.month >= 4 else london.year - 1


def _is_nhs_email(email_address: str) -> bool:
    domain = email_address.lower().rsplit("@", 1)[-1]
    return any(domain == suffix or domain.endswith("." + suffix) for suffix in ("nhs.uk", "nhs.net"))


def _duplicate_name(name: str) -> InvalidRequest:
    return InvalidRequest({"name": [f"Duplicate service name '{name}'"]}, 400)


def _permissions_from(body: dict[str, Any]) -> list[str] | None:
    if "permissions" not in body:
        return None
    permissions = body["permissions"]
    if not isinstance(permissions, list):
        raise InvalidRequest({"permissions": ["Not a valid list."]}, 400)
    for permission in permissions:
        if permission not in SERVICE_PERMISSION_TYPES:
            raise InvalidRequest({"permissions": [f"Invalid Service Permission: '{permission}'"]}, 400)
    duplicates = sorted({item for item in permissions if permissions.count(item) > 1})
    if duplicates:
        raise InvalidRequest({"permissions": [f"Duplicate Service Permissions: {duplicates}"]}, 400)
    return list(permissions)


def _column_values(body: dict[str, Any]) -> dict[str, Any]:
    check_types(body, _COLUMN_TYPES)
    _check_counts(body)
    values: dict[str, Any] = {name: body[name] for name in UPDATABLE_COLUMNS if name in body}
    if isinstance(values.get("go_live_at"), str):
        try:
            values["go_live_at"] = datetime.fromisoformat(values["go_live_at"].rstrip("Z"))
        except ValueError as error:
            raise InvalidRequest({"go_live_at": ["Not a valid datetime."]}, 400) from error
    for relation, column in RELATION_COLUMNS.items():
        if relation in body:
            values[column] = optional_uuid(body[relation], relation)
    return values


async def create_service(work: UnitOfWork, body: dict[str, Any], from_number: str) -> uuid.UUID:
    connection = work.connection
    if not body.get("user_id"):
        raise InvalidRequest({"user_id": ["Missing data for required field."]}, 400)
    require_fields(body, ("name", "message_limit", "restricted", "email_from", "created_by"))
    values = _column_values(body)
    permissions = _permissions_from(body) or list(DEFAULT_SERVICE_PERMISSIONS)
    user_id = uuid_field(body, "user_id")
    creator = await writes.user_email_and_admin(connection, user_id)
    if creator is None:
        raise NotFoundError()
    email_address, platform_admin = creator
    if await is_name_or_email_from_taken(connection, name=values["name"], email_from=values["email_from"]):
        raise _duplicate_name(values["name"])

    organisation = await writes.organisation_for_email(connection, email_address)
    email_branding_id: uuid.UUID | None = None
    letter_branding_id: uuid.UUID | None = None
    if organisation is not None:
        values["organisation_id"] = organisation.id
        values["organisation_type"] = organisation.organisation_type
        values["crown"] = organisation.crown
        email_branding_id, letter_branding_id = (
            organisation.email_branding_id,
            organisation.letter_branding_id,
        )
    else:
        values["crown"] = CROWN_BY_ORGANISATION_TYPE.get(values.get("organisation_type") or "")
        if values.get("organisation_type") in NHS_ORGANISATION_TYPES or _is_nhs_email(email_address):
            email_branding_id, letter_branding_id = NHS_EMAIL_BRANDING_ID, NHS_LETTER_BRANDING_ID
    values.update(active=True, count_as_live=not platform_admin)
    values.setdefault("research_mode", False)
    values.setdefault("prefix_sms", True)

    service_id = await writes.insert_service(connection, values)
    await writes.replace_service_permissions(connection, service_id, permissions)
    await writes.add_sms_sender(connection, service_id, from_number)
    await members.add_member(connection, service_id, user_id, DEFAULT_USER_PERMISSIONS)
    await writes.set_branding(connection, service_id, email=True, branding_id=email_branding_id)
    await writes.set_branding(connection, service_id, email=False, branding_id=letter_branding_id)
    allowance = FREE_SMS_FRAGMENTS.get(values.get("organisation_type"), DEFAULT_FREE_SMS_FRAGMENTS)
    await writes.add_annual_billing(connection, service_id, financial_year_start(utc_now()), allowance)
    return service_id


async def require_service(work: UnitOfWork, service_id: uuid.UUID) -> ServiceRecord:
    record = await get_service_record(work.connection, service_id)
    if record is None:
        raise NotFoundError()
    return record


async def _set_branding_from(
    work: UnitOfWork, service_id: uuid.UUID, body: dict[str, Any], email: bool
) -> None:
    key = "email_branding" if email else "letter_branding"
    if key not in body:
        return
    branding_id = optional_uuid(body[key], key)
    if branding_id is not None and not await writes.branding_exists(
        work.connection, email=email, branding_id=branding_id
    ):
        raise NotFoundError()
    await writes.set_branding(work.connection, service_id, email=email, branding_id=branding_id)


async def update_service(
    work: UnitOfWork, encryption: Encryption, tasks: TaskQueue, service_id: uuid.UUID, body: dict[str, Any]
) -> None:
    """Merge the body into the service as a new version; tell the team when the service goes live."""
    current = await require_service(work, service_id)
    going_live = current.restricted and body.get("restricted", True) is False
    values = _column_values(body)
    permissions = _permissions_from(body)
    name = values.get("name", current.name)
    email_from = values.get("email_from", current.columns["email_from"])
    if await is_name_or_email_from_taken(
        work.connection, name=name, email_from=email_from, except_service_id=service_id
    ):
        raise _duplicate_name(name)
    await writes.update_service(work.connection, service_id, values)
    if permissions is not None:
        await writes.replace_service_permissions(work.connection, service_id, permissions)
    await _set_branding_from(work, service_id, body, email=True)
    await _set_branding_from(work, service_id, body, email=False)
    if going_live:
        message_limit = values.get("message_limit", current.message_limit)
        for user_name, email_address in await members.active_member_names_and_emails(
            work.connection, service_id
        ):
            await send_notify_message(
                work,
                encryption,
                tasks,
                template_id=SERVICE_NOW_LIVE_TEMPLATE_ID,
                recipient=email_address,
                personalisation={
                    "name": user_name,
                    "service_name": name,
                    "message_limit": f"{message_limit:,}",
                },
                reply_to_text=NOTIFY_SERVICE_REPLY_TO,
            )


def archived_value(value: str, now: datetime) -> str:
    return f"_archived_{now.strftime('%Y-%m-%d_%H:%M:%S')}_{value}"


async def archive_service(work: UnitOfWork, service_id: uuid.UUID) -> None:
    """Rename, deactivate, archive the templates and revoke the keys, all versioned. Idempotent."""
    service = await require_service(work, service_id)
    if not service.active:
        return
    now = utc_now()
    await writes.update_service(
        work.connection,
        service_id,
        {
            "active": False,
            "name": archived_value(service.name, now),
            "email_from": archived_value(str(service.columns["email_from"]), now),
        },
    )
    await writes.archive_templates(work.connection, service_id)
    await revoke_all_api_keys(work.connection, service_id, now)


async def suspend_service(work: UnitOfWork, service_id: uuid.UUID) -> None:
    service = await require_service(work, service_id)
    if service.active:
        await writes.update_service(work.connection, service_id, {"active": False})
        await revoke_all_api_keys(work.connection, service_id, utc_now())


async def resume_service(work: UnitOfWork, service_id: uuid.UUID) -> None:
    service = await require_service(work, service_id)
    if not service.active:
        await writes.update_service(work.connection, service_id, {"active": True})

"""Service reads."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.branding import letter_branding, service_email_branding, service_letter_branding
from notify_api.db.tables.callbacks import service_callback_api, service_inbound_api
from notify_api.db.tables.memberships import user_to_service
from notify_api.db.tables.services import service_permissions, services
from notify_api.services.types import ServiceRecord, ServiceSummary

_permissions = (
    select(func.coalesce(func.array_agg(service_permissions.c.permission), []))
    .where(service_permissions.c.service_id == services.c.id)
    .scalar_subquery()
)

_SUMMARY = select(
    services.c.id,
    services.c.name,
    services.c.active,
    services.c.restricted,
    services.c.research_mode,
    services.c.message_limit,
    services.c.sms_message_limit,
    services.c.email_message_limit,
    services.c.letter_message_limit,
    services.c.rate_limit,
    services.c.prefix_sms,
    services.c.email_from,
    services.c.contact_link,
    _permissions.label("permissions"),
)


async def get_service_summary(connection: AsyncConnection, service_id: uuid.UUID) -> ServiceSummary | None:
    row = (await connection.execute(_SUMMARY.where(services.c.id == service_id))).one_or_none()
    if row is None:
        return None
    return ServiceSummary(
        id=row.id,
        name=row.name,
        active=row.active,
        restricted=row.restricted,
        research_mode=row.research_mode,
        message_limit=row.message_limit,
        channel_limits={
            kind: limit
            for kind, limit in (
                ("sms", row.sms_message_limit),
                ("email", row.email_message_limit),
                ("letter", row.letter_message_limit),
            )
            if limit is not None
        },
        rate_limit=row.rate_limit,
        prefix_sms=row.prefix_sms,
        email_from=row.email_from,
        contact_link=row.contact_link,
        permissions=frozenset(row.permissions or ()),
    )


# --- Admin API reads -------------------------------------------------------------------------------------

_email_branding_id = (
    select(service_email_branding.c.email_branding_id)
    .where(service_email_branding.c.service_id == services.c.id)
    .scalar_subquery()
)
_letter_branding_id = (
    select(service_letter_branding.c.letter_branding_id)
    .where(service_letter_branding.c.service_id == services.c.id)
    .scalar_subquery()
)
_letter_logo = (
    select(letter_branding.c.filename)
    .join(service_letter_branding, service_letter_branding.c.letter_branding_id == letter_branding.c.id)
    .where(service_letter_branding.c.service_id == services.c.id)
    .scalar_subquery()
)
_inbound_api_ids = (
    select(func.coalesce(func.array_agg(service_inbound_api.c.id), []))
    .where(service_inbound_api.c.service_id == services.c.id)
    .scalar_subquery()
)
_callback_api_ids = (
    select(func.coalesce(func.array_agg(service_callback_api.c.id), []))
    .where(service_callback_api.c.service_id == services.c.id)
    .scalar_subquery()
)
_RECORD = select(
    *services.columns,
    _permissions.label("permissions"),
    _email_branding_id.label("email_branding_id"),
    _letter_branding_id.label("letter_branding_id"),
    _letter_logo.label("letter_logo_filename"),
    _inbound_api_ids.label("inbound_api_ids"),
    _callback_api_ids.label("callback_api_ids"),
)


def _service_record(row: Any) -> ServiceRecord:
    mapping = row._mapping
    return ServiceRecord(
        columns={str(column.name): mapping[column.name] for column in services.columns},
        permissions=tuple(sorted(mapping["permissions"] or ())),
        email_branding_id=mapping["email_branding_id"],
        letter_branding_id=mapping["letter_branding_id"],
        letter_logo_filename=mapping["letter_logo_filename"],
        inbound_api_ids=tuple(mapping["inbound_api_ids"] or ()),
        callback_api_ids=tuple(mapping["callback_api_ids"] or ()),
    )


async def get_service_record(connection: AsyncConnection, service_id: uuid.UUID) -> ServiceRecord | None:
    row = (await connection.execute(_RECORD.where(services.c.id == service_id))).one_or_none()
    return _service_record(row) if row else None


async def list_service_records(
    connection: AsyncConnection, *, only_active: bool = False, user_id: uuid.UUID | None = None
) -> list[ServiceRecord]:
    """Services oldest first; only those the user belongs to when ``user_id`` is given."""
    query = _RECORD.order_by(services.c.created_at)
    if only_active:
        query = query.where(services.c.active.is_(True))
    if user_id is not None:
        members = select(user_to_service.c.service_id).where(user_to_service.c.user_id == user_id)
        query = query.where(services.c.id.in_(members))
    return [_service_record(row) for row in (await connection.execute(query)).all()]


async def service_exists(connection: AsyncConnection, service_id: uuid.UUID) -> bool:
    query = select(services.c.id).where(services.c.id == service_id)
    return (await connection.execute(query)).first() is not None


async def is_name_or_email_from_taken(
    connection: AsyncConnection, *, name: str, email_from: str, except_service_id: uuid.UUID | None = None
) -> bool:
    query = select(services.c.id).where(or_(services.c.name == name, services.c.email_from == email_from))
    if except_service_id is not None:
        query = query.where(services.c.id != except_service_id)
    return (await connection.execute(query.limit(1))).first() is not None

"""Service reads."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.services import service_permissions, services
from notify_api.services.types import ServiceSummary

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
        rate_limit=row.rate_limit,
        prefix_sms=row.prefix_sms,
        email_from=row.email_from,
        contact_link=row.contact_link,
        permissions=frozenset(row.permissions or ()),
    )

"""SQL for the organisation a service belongs to, with its domains and count of live services."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.organisations import domain, organisation
from notify_api.db.tables.services import services

_domains = (
    select(func.coalesce(func.array_agg(domain.c.domain), []))
    .where(domain.c.organisation_id == organisation.c.id)
    .scalar_subquery()
)
_live = services.alias("live_services")
_live_services = (
    select(func.count())
    .select_from(_live)
    .where(
        and_(
            _live.c.organisation_id == organisation.c.id,
            _live.c.active.is_(True),
            _live.c.count_as_live.is_(True),
            _live.c.restricted.is_(False),
        )
    )
    .correlate(organisation)
    .scalar_subquery()
)


async def organisation_columns_of_service(
    connection: AsyncConnection, service_id: uuid.UUID
) -> dict[str, Any] | None:
    """The organisation's columns plus ``domains`` and ``count_of_live_services``; None when it has none."""
    query = (
        select(
            *organisation.columns, _domains.label("domains"), _live_services.label("count_of_live_services")
        )
        .join(services, services.c.organisation_id == organisation.c.id)
        .where(services.c.id == service_id)
    )
    row = (await connection.execute(query)).one_or_none()
    return None if row is None else {str(name): value for name, value in row._mapping.items()}

"""What linking a service to an organisation (or changing the organisation) does to the service.

Services are versioned: every change here makes a new ``services_history`` row, as any other service edit.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.billing import annual_billing
from notify_api.db.tables.branding import service_email_branding, service_letter_branding
from notify_api.db.tables.lookups import organisation_types
from notify_api.db.tables.services import services, services_history
from notify_api.templates.statistics import london_today
from notify_api.timeutils import utc_now

# Allowance for a service whose organisation type is not known.
FALLBACK_FREE_SMS_FRAGMENT_LIMIT = 10_000


async def update_services(
    connection: AsyncConnection, service_ids: Iterable[uuid.UUID], values: dict[str, Any]
) -> None:
    """Set ``values`` on each service as a new version."""
    ids = list(service_ids)
    if not ids:
        return
    await connection.execute(
        update(services)
        .where(services.c.id.in_(ids))
        .values(**values, version=services.c.version + 1, updated_at=utc_now())
    )
    names = [column.name for column in services_history.columns]
    source = select(*[services.c[name] for name in names]).where(services.c.id.in_(ids))
    await connection.execute(insert(services_history).from_select(names, source))


async def give_default_branding(
    connection: AsyncConnection,
    service_ids: Iterable[uuid.UUID],
    *,
    email_branding_id: uuid.UUID | None = None,
    letter_branding_id: uuid.UUID | None = None,
) -> None:
    """Services that have no branding of a kind take the organisation's."""
    for table, column, branding_id in (
        (service_email_branding, "email_branding_id", email_branding_id),
        (service_letter_branding, "letter_branding_id", letter_branding_id),
    ):
        if branding_id is None:
            continue
        rows = [{"service_id": service_id, column: branding_id} for service_id in service_ids]
        if rows:
            await connection.execute(pg_insert(table).values(rows).on_conflict_do_nothing())


def financial_year_start(day: date) -> int:
    """Financial years start on 1 April."""
    return day.year if day.month >= 4 else day.year - 1


async def set_default_free_allowance(
    connection: AsyncConnection, service_id: uuid.UUID, organisation_type: str | None
) -> None:
    """This financial year's free SMS allowance becomes the default for the organisation type."""
    limit = FALLBACK_FREE_SMS_FRAGMENT_LIMIT
    if organisation_type is not None:
        query = select(organisation_types.c.annual_free_sms_fragment_limit).where(
            organisation_types.c.name == organisation_type
        )
        limit = (await connection.execute(query)).scalar() or limit
    statement = pg_insert(annual_billing).values(
        id=uuid.uuid4(),
        service_id=service_id,
        financial_year_start=financial_year_start(london_today()),
        free_sms_fragment_limit=limit,
        created_at=utc_now(),
    )
    await connection.execute(
        statement.on_conflict_do_update(
            index_elements=[annual_billing.c.service_id, annual_billing.c.financial_year_start],
            set_={"free_sms_fragment_limit": limit, "updated_at": utc_now()},
        )
    )

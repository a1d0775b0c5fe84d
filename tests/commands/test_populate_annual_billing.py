"""``populate-annual-billing-with-defaults``: the yearly rollover of free SMS allowances."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.commands.rebuild_facts import populate_annual_billing_with
from notify_api.db.database import BoundDatabase
from notify_api.db.tables.billing import annual_billing
from tests.factories import create_service


async def _allowance(connection: AsyncConnection, service_id: object, year: int) -> int | None:
    query = select(annual_billing.c.free_sms_fragment_limit).where(
        annual_billing.c.service_id == service_id, annual_billing.c.financial_year_start == year
    )
    limit: int | None = (await connection.execute(query)).scalar()
    return limit


async def test_defaults_by_organisation_type_for_active_services(
    connection: AsyncConnection, db: BoundDatabase
) -> None:
    year = 2040
    central = await create_service(connection, organisation_type="central")
    local = await create_service(connection, organisation_type="local")
    inactive = await create_service(connection, active=False)
    await connection.execute(annual_billing.insert().values(
        id=uuid.uuid4(), service_id=local.id, financial_year_start=year, free_sms_fragment_limit=5,
    ))  # fmt: skip

    await populate_annual_billing_with(db, year, missing_only=True)

    assert await _allowance(connection, central.id, year) == 150_000
    assert await _allowance(connection, local.id, year) == 5  # kept: it had one for that year
    assert await _allowance(connection, inactive.id, year) is None

    await populate_annual_billing_with(db, year, missing_only=False)
    assert await _allowance(connection, local.id, year) == 25_000

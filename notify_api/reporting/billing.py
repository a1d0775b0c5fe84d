"""A service's usage and what it is billed: per month and per year of a financial year (from ``ft_billing``).

Today has no billing facts until tonight, so when the year includes today this service's row of today is
built first (as the original did), and the pages show today's texts at once.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.enums import EMAIL, LETTER
from notify_api.reporting import facts
from notify_api.reporting.monthly import financial_year_days
from notify_api.reporting.queries import billing as queries
from notify_api.timeutils import london_today


async def _with_today(connection: AsyncConnection, service_id: uuid.UUID, year: int) -> None:
    first_day, last_day = financial_year_days(year)
    today = london_today()
    if first_day <= today <= last_day:
        await facts.build_billing_day(connection, today, service_id=service_id)


async def monthly_usage(
    connection: AsyncConnection, service_id: uuid.UUID, year: int
) -> list[dict[str, Any]]:
    await _with_today(connection, service_id, year)
    rows = await queries.monthly_usage(connection, service_id, *financial_year_days(year))
    return [
        {
            "month": row.month.strftime("%B") if row.month else None,
            "notification_type": row.notification_type,
            "billing_units": row.billing_units,
            "rate": float(row.rate),
            "postage": row.postage,
        }
        for row in rows
        if row.notification_type != EMAIL
    ]


async def yearly_usage(connection: AsyncConnection, service_id: uuid.UUID, year: int) -> list[dict[str, Any]]:
    await _with_today(connection, service_id, year)
    rows = await queries.yearly_usage(connection, service_id, *financial_year_days(year))
    return [
        {
            "notification_type": row.notification_type,
            "billing_units": row.billing_units,
            "rate": float(row.rate),
            "letter_total": float(row.billing_units * row.rate) if row.notification_type == LETTER else 0,
        }
        for row in rows
    ]

"""The dashboard's yearly views of one service: statuses per month and messages per template per month.

A financial year runs from 1 April (London) to 31 March. Past days come from ``ft_notification_status``;
today has no facts until tonight, so today's messages are counted from ``notifications`` when the year
includes today.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.enums import TEMPLATE_TYPES
from notify_api.reporting.queries import monthly as queries
from notify_api.timeutils import london_midnight_utc, london_today


def financial_year_days(year: int) -> tuple[date, date]:
    return date(year, 4, 1), date(year + 1, 3, 31)


def financial_year_months(year: int) -> list[str]:
    return [f"{year + (month < 4)}-{month:02d}" for month in (*range(4, 13), 1, 2, 3)]


async def monthly_statuses(connection: AsyncConnection, service_id: uuid.UUID, year: int) -> dict[str, Any]:
    """``{"2021-04": {"sms": {"delivered": 3, ...}, "email": {}, ...}, ...}`` for every month of the year."""
    first_day, last_day = financial_year_days(year)
    today = london_today()
    data: dict[str, dict[str, dict[str, int]]] = {
        month: {kind: {} for kind in TEMPLATE_TYPES} for month in financial_year_months(year)
    }
    rows = await queries.monthly_status_counts(
        connection,
        service_id,
        first_day=first_day,
        # today's facts (built only by a manual rebuild) would count today twice
        last_day=min(last_day, today - timedelta(days=1)),
        live_since=london_midnight_utc(today) if first_day <= today <= last_day else None,
    )
    for row in rows:
        counts = data[row.month.strftime("%Y-%m")].setdefault(row.notification_type, {})
        counts[row.status] = counts.get(row.status, 0) + row.count
    return data


async def monthly_template_usage(
    connection: AsyncConnection, service_id: uuid.UUID, year: int
) -> list[dict[str, Any]]:
    first_day, last_day = financial_year_days(year)
    today = london_today()
    rows = await queries.monthly_template_usage(
        connection,
        service_id,
        first_day=first_day,
        # today's facts (built only by a manual rebuild) would count today twice
        last_day=min(last_day, today - timedelta(days=1)),
        live_since=london_midnight_utc(today) if first_day <= today <= last_day else None,
    )
    return [
        {
            "template_id": str(row.template_id),
            "name": row.name,
            "type": row.template_type,
            "month": row.month,
            "year": row.year,
            "count": row.count,
            "is_precompiled_letter": row.is_precompiled_letter,
        }
        for row in rows
    ]

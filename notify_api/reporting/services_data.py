"""The platform admin's spreadsheets: live services with this year's totals (GET /service/live-services-data)
and statuses per service and month (GET /service/monthly-data-by-service)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.reporting.monthly import financial_year_days
from notify_api.reporting.queries import services_data as queries
from notify_api.timeutils import london_today


def _http_datetime(value: datetime | None) -> str | None:
    """As the original's JSON encoder wrote datetimes (``Tue, 01 Dec 2020 10:00:00 GMT``)."""
    return None if value is None else value.strftime("%a, %d %b %Y %H:%M:%S GMT")


async def live_services_data(connection: AsyncConnection) -> list[dict[str, Any]]:
    today = london_today()
    year = today.year if today.month >= 4 else today.year - 1
    rows = await queries.live_services_rows(connection, *financial_year_days(year))
    for row in rows:
        row["service_id"] = str(row["service_id"])
        row["live_date"] = _http_datetime(row["live_date"])
        for total in ("sms_totals", "email_totals", "letter_totals"):
            row[total] = int(row[total])
    return rows


async def monthly_data_by_service(connection: AsyncConnection, start: date, end: date) -> list[list[Any]]:
    rows = await queries.monthly_statuses_per_service(connection, start, end)
    return [[str(row[0]), str(row[1]), row[2], row[3], *(int(count) for count in row[4:])] for row in rows]

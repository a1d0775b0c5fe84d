"""GET /performance-dashboard: what GOV.UK Notify's public performance page shows, from the nightly facts
(as of last night, like the original, so it never counts the notifications table)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.reporting.queries import performance as queries


def http_date(day: date) -> str:
    """Dates as the original's JSON encoder wrote them (``Wed, 01 Dec 2021 00:00:00 GMT``)."""
    return datetime.combine(day, time.min).strftime("%a, %d %b %Y %H:%M:%S GMT")


async def performance_dashboard(connection: AsyncConnection, start: date, end: date) -> dict[str, Any]:
    all_time = await queries.daily_totals(connection, None, None)
    in_range = await queries.daily_totals(connection, start, end)
    processing = await queries.processing_times(connection, start, end)
    live = await queries.live_services_with_organisation(connection)
    emails, sms, letters = (
        sum(getattr(row, kind) for row in all_time) for kind in ("emails", "sms", "letters")
    )
    return {
        "total_notifications": emails + sms + letters,
        "email_notifications": emails,
        "sms_notifications": sms,
        "letter_notifications": letters,
        "notifications_by_type": [
            {"date": http_date(row.day), "emails": row.emails, "sms": row.sms, "letters": row.letters}
            for row in in_range
        ],
        "processing_time": [
            {"date": row.day.isoformat(), "percentage_under_10_seconds": row.percentage} for row in processing
        ],
        "live_service_count": len(live),
        "services_using_notify": [
            {
                "service_id": str(row.service_id),
                "service_name": row.service_name,
                "organisation_id": None if row.organisation_id is None else str(row.organisation_id),
                "organisation_name": row.organisation_name,
            }
            for row in live
        ],
    }

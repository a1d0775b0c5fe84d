"""The platform admin's reports: totals across every service, live counts, finding a service by name and
the complaints received."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.enums import KEY_TYPE_TEST, TEMPLATE_TYPES
from notify_api.reporting.queries import platform as queries
from notify_api.timeutils import format_datetime, london_midnight_utc, london_today

FAILURES_SHOWN: Final = ("technical-failure", "permanent-failure", "temporary-failure", "virus-scan-failed")
COMPLAINTS_PAGE_SIZE: Final = 50


async def platform_stats(connection: AsyncConnection, start: date, end: date) -> dict[str, Any]:
    """``{type: {"total", "test-key", "failures": {status: n}}}`` for London days ``start``..``end``."""
    today = london_today()
    last_fact_day = min(end, today - timedelta(days=1))
    rows = await queries.status_totals(
        connection,
        fact_days=(start, last_fact_day) if start <= last_fact_day else None,
        live_since=london_midnight_utc(max(start, today)) if end >= today else None,
    )
    counts: dict[str, Any] = {
        kind: {"total": 0, "test-key": 0, "failures": dict.fromkeys(FAILURES_SHOWN, 0)}
        for kind in TEMPLATE_TYPES
    }
    for row in rows:
        bucket = counts.setdefault(
            row.notification_type, {"total": 0, "test-key": 0, "failures": dict.fromkeys(FAILURES_SHOWN, 0)}
        )
        if row.key_type == KEY_TYPE_TEST:
            bucket["test-key"] += row.count
            continue
        bucket["total"] += row.count
        if row.status in FAILURES_SHOWN:
            bucket["failures"][row.status] += row.count
    return counts


async def live_service_and_organisation_counts(connection: AsyncConnection) -> dict[str, int]:
    organisations, services = await queries.live_counts(connection)
    return {"organisations": organisations, "services": services}


async def find_services_by_name(connection: AsyncConnection, part: str) -> list[dict[str, Any]]:
    found = await queries.services_named_like(connection, part)
    return [
        {"id": str(service.id), "name": service.name, "active": service.active,
         "restricted": service.restricted, "research_mode": service.research_mode}
        for service in found
    ]  # fmt: skip


async def complaints_page(connection: AsyncConnection, page: int) -> tuple[list[dict[str, Any]], int]:
    """One page of complaints, newest first, and the number of pages."""
    rows = await queries.complaints_page(
        connection, offset=(page - 1) * COMPLAINTS_PAGE_SIZE, limit=COMPLAINTS_PAGE_SIZE
    )
    total = await queries.count_complaints(connection)
    pages = max(1, -(-total // COMPLAINTS_PAGE_SIZE))
    return [
        {
            "id": str(row.id),
            "notification_id": str(row.notification_id),
            "service_id": str(row.service_id),
            "service_name": row.service_name,
            "ses_feedback_id": row.ses_feedback_id,
            "complaint_type": row.complaint_type,
            "complaint_date": format_datetime(row.complaint_date),
            "created_at": format_datetime(row.created_at),
        }
        for row in rows
    ], pages


async def count_complaints_between(connection: AsyncConnection, start: date, end: date) -> int:
    return await queries.count_complaints(
        connection, london_midnight_utc(start), london_midnight_utc(end + timedelta(days=1))
    )

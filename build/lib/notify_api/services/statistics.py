"""Dashboard counts per service: requested, delivered and failed by notification type (spec §2.5).

Days before today come from ``ft_notification_status``; today comes from ``notifications``, so a fresh
database with empty fact tables still shows today's numbers (and zeros otherwise).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.enums import DASHBOARD_DELIVERED_STATUSES as DELIVERED_STATUSES
from notify_api.enums import DASHBOARD_FAILED_STATUSES as FAILED_STATUSES
from notify_api.enums import NOTIFICATION_TYPES
from notify_api.services.queries import statistics as queries
from notify_api.services.types import ServiceStatisticsRow
from notify_api.timeutils import london_midnight_utc, london_today

Statistics = dict[str, dict[str, int]]


def empty_statistics() -> Statistics:
    return {kind: {"requested": 0, "delivered": 0, "failed": 0} for kind in ("sms", "email", "letter")}


def fold(rows: Iterable[ServiceStatisticsRow]) -> Statistics:
    counts = empty_statistics()
    for row in rows:
        if row.notification_type not in counts or row.status is None:
            continue
        bucket = counts[row.notification_type]
        if row.status != "cancelled":
            bucket["requested"] += row.count
        if row.status in DELIVERED_STATUSES:
            bucket["delivered"] += row.count
        elif row.status in FAILED_STATUSES:
            bucket["failed"] += row.count
    return counts


async def status_counts(
    connection: AsyncConnection,
    *,
    start: date,
    end: date,
    service_ids: Iterable[uuid.UUID] | None = None,
    include_test_key: bool = False,
) -> dict[uuid.UUID, Statistics]:
    """Folded counts per service for London days ``start``..``end`` (inclusive)."""
    today = london_today()
    last_fact_day = min(end, today - timedelta(days=1))
    rows = await queries.status_count_rows(
        connection,
        fact_days=(start, last_fact_day) if start <= last_fact_day else None,
        live_since=london_midnight_utc(max(start, today)) if end >= today else None,
        service_ids=None if service_ids is None else list(service_ids),
        include_test_key=include_test_key,
    )
    result: dict[uuid.UUID, list[ServiceStatisticsRow]] = {}
    for row in rows:
        if row.notification_type in NOTIFICATION_TYPES:
            result.setdefault(row.service_id, []).append(row)
    return {service_id: fold(service_rows) for service_id, service_rows in result.items()}


async def service_statistics(
    connection: AsyncConnection, service_id: uuid.UUID, *, today_only: bool, limit_days: int = 7
) -> Statistics:
    today = london_today()
    start = today if today_only else today - timedelta(days=limit_days)
    counts = await status_counts(connection, start=start, end=today, service_ids=[service_id])
    return counts.get(service_id, empty_statistics())

"""Dashboard counts per service: requested, delivered and failed by notification type (spec §2.5).

Days before today come from ``ft_notification_status``; today comes from ``notifications``, so a fresh
database with empty fact tables still shows today's numbers (and zeros otherwise).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any, Final
from zoneinfo import ZoneInfo

from sqlalchemy import Text, cast, func, select, union_all
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.billing import ft_notification_status
from notify_api.db.tables.notifications import notifications
from notify_api.enums import DASHBOARD_DELIVERED_STATUSES as DELIVERED_STATUSES
from notify_api.enums import DASHBOARD_FAILED_STATUSES as FAILED_STATUSES
from notify_api.enums import KEY_TYPE_TEST, NOTIFICATION_TYPES
from notify_api.services.types import ServiceStatisticsRow
from notify_api.timeutils import utc_now

LONDON: Final = ZoneInfo("Europe/London")

Statistics = dict[str, dict[str, int]]


def london_today(now: datetime | None = None) -> date:
    return (now or utc_now()).replace(tzinfo=ZoneInfo("UTC")).astimezone(LONDON).date()


def london_midnight_utc(day: date) -> datetime:
    """The naive-UTC instant a London day starts."""
    local = datetime(day.year, day.month, day.day, tzinfo=LONDON)
    return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


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
    parts: list[Any] = []
    ids = None if service_ids is None else list(service_ids)
    last_fact_day = min(end, today - timedelta(days=1))
    if start <= last_fact_day:
        facts = select(
            ft_notification_status.c.service_id,
            ft_notification_status.c.notification_type,
            ft_notification_status.c.notification_status.label("status"),
            func.sum(ft_notification_status.c.notification_count).label("count"),
        ).where(ft_notification_status.c.bst_date.between(start, last_fact_day))
        if not include_test_key:
            facts = facts.where(ft_notification_status.c.key_type != KEY_TYPE_TEST)
        if ids is not None:
            facts = facts.where(ft_notification_status.c.service_id.in_(ids))
        parts.append(facts.group_by(ft_notification_status.c.service_id, "notification_type", "status"))
    if end >= today:
        live = select(
            notifications.c.service_id,
            cast(notifications.c.notification_type, Text).label("notification_type"),
            notifications.c.notification_status.label("status"),
            func.count().label("count"),
        ).where(notifications.c.created_at >= london_midnight_utc(max(start, today)))
        if not include_test_key:
            live = live.where(notifications.c.key_type != KEY_TYPE_TEST)
        if ids is not None:
            live = live.where(notifications.c.service_id.in_(ids))
        parts.append(live.group_by(notifications.c.service_id, notifications.c.notification_type, "status"))
    result: dict[uuid.UUID, list[ServiceStatisticsRow]] = {}
    if parts:
        query: Any = parts[0] if len(parts) == 1 else union_all(*parts)
        rows: list[Any] = list((await connection.execute(query)).all())
        for row in rows:
            service_id, notification_type, status, count = row[0], row[1], row[2], row[3]
            if notification_type in NOTIFICATION_TYPES:
                result.setdefault(service_id, []).append(
                    ServiceStatisticsRow(service_id, notification_type, status, int(count))
                )
    return {service_id: fold(rows) for service_id, rows in result.items()}


async def service_statistics(
    connection: AsyncConnection, service_id: uuid.UUID, *, today_only: bool, limit_days: int = 7
) -> Statistics:
    today = london_today()
    start = today if today_only else today - timedelta(days=limit_days)
    counts = await status_counts(connection, start=start, end=today, service_ids=[service_id])
    return counts.get(service_id, empty_statistics())

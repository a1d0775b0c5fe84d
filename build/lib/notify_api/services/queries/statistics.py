"""SQL for dashboard counts: notifications per service, type and status, from the facts and from today."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Text, cast, func, select, union_all
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.billing import ft_notification_status
from notify_api.db.tables.notifications import notifications
from notify_api.enums import KEY_TYPE_TEST
from notify_api.services.types import ServiceStatisticsRow


async def status_count_rows(
    connection: AsyncConnection,
    *,
    fact_days: tuple[date, date] | None,
    live_since: datetime | None,
    service_ids: Sequence[uuid.UUID] | None,
    include_test_key: bool,
) -> list[ServiceStatisticsRow]:
    """Counts from ``ft_notification_status`` for London days ``fact_days`` (inclusive) and from
    ``notifications`` created at or after ``live_since``; either part is skipped when None."""
    parts: list[Any] = []
    if fact_days is not None:
        facts = select(
            ft_notification_status.c.service_id,
            ft_notification_status.c.notification_type,
            ft_notification_status.c.notification_status.label("status"),
            func.sum(ft_notification_status.c.notification_count).label("count"),
        ).where(ft_notification_status.c.bst_date.between(*fact_days))
        if not include_test_key:
            facts = facts.where(ft_notification_status.c.key_type != KEY_TYPE_TEST)
        if service_ids is not None:
            facts = facts.where(ft_notification_status.c.service_id.in_(service_ids))
        parts.append(facts.group_by(ft_notification_status.c.service_id, "notification_type", "status"))
    if live_since is not None:
        live = select(
            notifications.c.service_id,
            cast(notifications.c.notification_type, Text).label("notification_type"),
            notifications.c.notification_status.label("status"),
            func.count().label("count"),
        ).where(notifications.c.created_at >= live_since)
        if not include_test_key:
            live = live.where(notifications.c.key_type != KEY_TYPE_TEST)
        if service_ids is not None:
            live = live.where(notifications.c.service_id.in_(service_ids))
        parts.append(live.group_by(notifications.c.service_id, notifications.c.notification_type, "status"))
    if not parts:
        return []
    query: Any = parts[0] if len(parts) == 1 else union_all(*parts)
    rows: list[Any] = list((await connection.execute(query)).all())
    return [ServiceStatisticsRow(row[0], row[1], row[2], int(row[3])) for row in rows]

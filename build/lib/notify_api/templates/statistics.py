"""How often each template was used: today's notifications plus the nightly status facts for earlier days."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.templates.queries import records as queries
from notify_api.templates.types import TemplateUsage
from notify_api.timeutils import london_midnight_utc, london_today


async def template_usage(
    connection: AsyncConnection, service_id: uuid.UUID, whole_days: int, now: datetime | None = None
) -> list[TemplateUsage]:
    """Counts per template and status since London midnight ``whole_days`` days ago (test keys excluded)."""
    today = london_today(now)
    return await queries.template_usage_since(
        connection, service_id, today - timedelta(days=whole_days), today, london_midnight_utc(today)
    )


async def last_used(
    connection: AsyncConnection, service_id: uuid.UUID, template_id: uuid.UUID
) -> datetime | None:
    """When a template was last used: the newest notification, else the newest day in the status facts."""
    created_at = await queries.newest_notification_created_at(connection, service_id, template_id)
    if created_at is not None:
        return created_at
    day = await queries.newest_status_fact_day(connection, template_id)
    return datetime.combine(day, time.min) if day is not None else None

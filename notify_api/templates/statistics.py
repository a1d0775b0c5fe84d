"""How often each template was used: today's notifications plus the nightly status facts for earlier days."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, String, and_, cast, func, literal_column, select, union_all
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.billing import ft_notification_status
from notify_api.db.tables.notifications import notifications
from notify_api.db.tables.templates import PRECOMPILED_TEMPLATE_NAME, templates
from notify_api.timeutils import utc_now

LONDON = ZoneInfo("Europe/London")
TEST_KEY = "test"


def london_today(now: datetime | None = None) -> date:
    """The Europe/London date of a naive-UTC moment (default: now)."""
    moment = (now or utc_now()).replace(tzinfo=ZoneInfo("UTC"))
    return moment.astimezone(LONDON).date()


def london_midnight_utc(day: date) -> datetime:
    """The naive-UTC instant at which a London day starts."""
    return datetime.combine(day, time.min, tzinfo=LONDON).astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


@dataclass(frozen=True, slots=True)
class TemplateUsage:
    template_id: uuid.UUID
    template_name: str
    template_type: str
    is_precompiled_letter: bool
    status: str
    count: int

    def to_json(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "template_id": str(self.template_id),
            "template_name": self.template_name,
            "template_type": self.template_type,
            "is_precompiled_letter": self.is_precompiled_letter,
            "status": self.status,
        }


async def template_usage(
    connection: AsyncConnection, service_id: uuid.UUID, whole_days: int, now: datetime | None = None
) -> list[TemplateUsage]:
    """Counts per template and status since London midnight ``whole_days`` days ago (test keys excluded)."""
    today = london_today(now)
    earlier = select(
        ft_notification_status.c.template_id,
        ft_notification_status.c.notification_status.label("status"),
        ft_notification_status.c.notification_count.label("count"),
    ).where(
        ft_notification_status.c.service_id == service_id,
        ft_notification_status.c.bst_date >= today - timedelta(days=whole_days),
        # today's facts (if any were built) would count today's messages twice
        ft_notification_status.c.bst_date < today,
        ft_notification_status.c.key_type != TEST_KEY,
    )
    todays = (
        select(
            notifications.c.template_id,
            cast(notifications.c.notification_status, String).label("status"),
            func.count().label("count"),
        )
        .where(
            notifications.c.service_id == service_id,
            notifications.c.created_at >= london_midnight_utc(today),
            notifications.c.key_type != TEST_KEY,
        )
        .group_by(notifications.c.template_id, notifications.c.notification_status)
    )
    combined = union_all(earlier, todays).subquery()
    precompiled = and_(
        templates.c.hidden.is_(True),
        templates.c.template_type == "letter",
        templates.c.name == PRECOMPILED_TEMPLATE_NAME,
    )
    query = (
        select(
            combined.c.template_id,
            templates.c.name,
            templates.c.template_type,
            precompiled.label("is_precompiled_letter"),
            combined.c.status,
            cast(func.sum(combined.c.count), Integer).label("count"),
        )
        .join(templates, templates.c.id == combined.c.template_id)
        .group_by(
            combined.c.template_id,
            templates.c.name,
            templates.c.template_type,
            templates.c.hidden,
            combined.c.status,
        )
        .order_by(templates.c.name, literal_column("status"))
    )
    return [
        TemplateUsage(
            row.template_id,
            row.name,
            row.template_type,
            row.is_precompiled_letter,
            row.status,
            row._mapping["count"],  # ``row.count`` is the tuple method
        )
        for row in await connection.execute(query)
    ]


async def last_used(
    connection: AsyncConnection, service_id: uuid.UUID, template_id: uuid.UUID
) -> datetime | None:
    """When a template was last used: the newest notification, else the newest day in the status facts."""
    newest = await connection.execute(
        select(func.max(notifications.c.created_at)).where(
            notifications.c.service_id == service_id,
            notifications.c.template_id == template_id,
            notifications.c.key_type != TEST_KEY,
        )
    )
    created_at: datetime | None = newest.scalar_one()
    if created_at is not None:
        return created_at
    newest_day = await connection.execute(
        select(func.max(ft_notification_status.c.bst_date)).where(
            ft_notification_status.c.template_id == template_id,
            ft_notification_status.c.key_type != TEST_KEY,
        )
    )
    day: date | None = newest_day.scalar_one()
    return datetime.combine(day, time.min) if day is not None else None

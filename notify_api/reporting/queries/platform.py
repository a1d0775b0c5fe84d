"""SQL for the platform admin's reports: message totals across services, live counts, service search and
complaints."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Text, cast, func, select, union_all
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.billing import ft_notification_status
from notify_api.db.tables.events import complaints
from notify_api.db.tables.notifications import notifications
from notify_api.db.tables.services import services

_f, _n, _s, _c = ft_notification_status.c, notifications.c, services.c, complaints.c


@dataclass(frozen=True, slots=True)
class StatusTotal:
    notification_type: str
    status: str
    key_type: str
    count: int


@dataclass(frozen=True, slots=True)
class ServiceSummary:
    id: uuid.UUID
    name: str
    active: bool
    restricted: bool
    research_mode: bool


@dataclass(frozen=True, slots=True)
class ComplaintRow:
    id: uuid.UUID
    notification_id: uuid.UUID
    service_id: uuid.UUID
    service_name: str
    ses_feedback_id: str | None
    complaint_type: str | None
    complaint_date: datetime | None
    created_at: datetime


async def status_totals(
    connection: AsyncConnection, *, fact_days: tuple[date, date] | None, live_since: datetime | None
) -> list[StatusTotal]:
    """Every service's messages per type, status and key type: facts for ``fact_days`` (inclusive) and
    messages created since ``live_since``."""
    parts: list[Any] = []
    if fact_days is not None:
        parts.append(
            select(_f.notification_type, _f.notification_status.label("status"), _f.key_type,
                   func.sum(_f.notification_count).label("count"))
            .where(_f.bst_date.between(*fact_days))
            .group_by(_f.notification_type, "status", _f.key_type)
        )  # fmt: skip
    if live_since is not None:
        parts.append(
            select(cast(_n.notification_type, Text).label("notification_type"),
                   _n.notification_status.label("status"), _n.key_type, func.count().label("count"))
            .where(_n.created_at >= live_since)
            .group_by(_n.notification_type, "status", _n.key_type)
        )  # fmt: skip
    if not parts:
        return []
    query: Any = union_all(*parts) if len(parts) > 1 else parts[0]
    return [StatusTotal(row[0], row[1], row[2], int(row[3])) for row in await connection.execute(query)]


_LIVE = (_s.active.is_(True), _s.count_as_live.is_(True), _s.restricted.is_(False))


async def live_counts(connection: AsyncConnection) -> tuple[int, int]:
    """(organisations with a live service, live services)."""
    query = select(func.count(func.distinct(_s.organisation_id)), func.count()).where(*_LIVE)
    row = (await connection.execute(query)).one()
    return int(row[0]), int(row[1])


async def services_named_like(connection: AsyncConnection, part: str) -> list[ServiceSummary]:
    escaped = part.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    query = (
        select(_s.id, _s.name, _s.active, _s.restricted, _s.research_mode)
        .where(_s.name.ilike(f"%{escaped}%", escape="\\"))
        .order_by(_s.name)
    )
    return [ServiceSummary(*row) for row in await connection.execute(query)]


async def complaints_page(connection: AsyncConnection, *, offset: int, limit: int) -> list[ComplaintRow]:
    query = (
        select(_c.id, _c.notification_id, _c.service_id, _s.name, _c.ses_feedback_id, _c.complaint_type,
               _c.complaint_date, _c.created_at)
        .select_from(complaints.join(services, _s.id == _c.service_id))
        .order_by(_c.created_at.desc())
        .offset(offset)
        .limit(limit)
    )  # fmt: skip
    return [ComplaintRow(*row) for row in await connection.execute(query)]


async def count_complaints(
    connection: AsyncConnection, start: datetime | None = None, end: datetime | None = None
) -> int:
    query = select(func.count()).select_from(complaints)
    if start is not None:
        query = query.where(_c.created_at >= start)
    if end is not None:
        query = query.where(_c.created_at < end)
    return int((await connection.execute(query)).scalar_one())

"""Month-by-month counts of one service for a financial year: the facts of past days plus today's messages."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final

from sqlalchemy import Integer, Text, cast, extract, func, literal, select, union_all
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.billing import ft_notification_status
from notify_api.db.tables.notifications import notifications
from notify_api.db.tables.templates import PRECOMPILED_TEMPLATE_NAME, templates
from notify_api.enums import CANCELLED, KEY_TYPE_TEST, LETTER

_f, _n, _t = ft_notification_status.c, notifications.c, templates.c
_LONDON: Final = "Europe/London"


@dataclass(frozen=True, slots=True)
class MonthlyStatusCount:
    month: date
    notification_type: str
    status: str
    count: int


@dataclass(frozen=True, slots=True)
class MonthlyTemplateUsage:
    template_id: uuid.UUID
    name: str
    template_type: str
    is_precompiled_letter: bool
    month: int
    year: int
    count: int


async def monthly_status_counts(
    connection: AsyncConnection,
    service_id: uuid.UUID,
    *,
    first_day: date,
    last_day: date,
    live_since: datetime | None,
) -> list[MonthlyStatusCount]:
    """Counts per month, type and status: facts for ``first_day``..``last_day`` and, when ``live_since``
    is given, messages created since then (today's, which have no facts yet). Test keys are left out."""
    facts = (
        select(
            func.date_trunc("month", _f.bst_date).label("month"),
            _f.notification_type,
            _f.notification_status.label("status"),
            func.sum(_f.notification_count).label("count"),
        )
        .where(
            _f.service_id == service_id,
            _f.bst_date.between(first_day, last_day),
            _f.key_type != KEY_TYPE_TEST,
        )
        .group_by("month", _f.notification_type, "status")
    )
    parts: list[Any] = [facts]
    if live_since is not None:
        london_created = func.timezone(_LONDON, func.timezone("UTC", _n.created_at))
        parts.append(
            select(
                func.date_trunc("month", london_created).label("month"),
                cast(_n.notification_type, Text).label("notification_type"),
                _n.notification_status.label("status"),
                func.count().label("count"),
            )
            .where(_n.service_id == service_id, _n.created_at >= live_since, _n.key_type != KEY_TYPE_TEST)
            .group_by("month", _n.notification_type, "status")
        )
    query: Any = union_all(*parts) if len(parts) > 1 else parts[0]
    rows = await connection.execute(query)
    return [MonthlyStatusCount(row[0].date(), row[1], row[2], int(row[3])) for row in rows]


async def monthly_template_usage(
    connection: AsyncConnection,
    service_id: uuid.UUID,
    *,
    first_day: date,
    last_day: date,
    live_since: datetime | None,
) -> list[MonthlyTemplateUsage]:
    """Messages per template and month (cancelled ones not counted), ordered by year, month and name."""
    facts = select(
        _f.template_id.label("template_id"),
        extract("month", _f.bst_date).label("month"),
        extract("year", _f.bst_date).label("year"),
        _f.notification_count.label("count"),
    ).where(
        _f.service_id == service_id,
        _f.bst_date.between(first_day, last_day),
        _f.key_type != KEY_TYPE_TEST,
        _f.notification_status != CANCELLED,
    )
    parts: list[Any] = [facts]
    if live_since is not None:
        london_created = func.timezone(_LONDON, func.timezone("UTC", _n.created_at))
        parts.append(
            select(
                _n.template_id.label("template_id"),
                extract("month", london_created).label("month"),
                extract("year", london_created).label("year"),
                literal(1).label("count"),
            ).where(
                _n.service_id == service_id,
                _n.created_at >= live_since,
                _n.key_type != KEY_TYPE_TEST,
                _n.notification_status != CANCELLED,
            )
        )
    combined: Any = union_all(*parts) if len(parts) > 1 else parts[0]
    counted = combined.subquery("counted")
    precompiled = _t.hidden & (_t.template_type == LETTER) & (_t.name == PRECOMPILED_TEMPLATE_NAME)
    query = (
        select(
            _t.id,
            _t.name,
            cast(_t.template_type, Text),
            precompiled,
            cast(counted.c.month, Integer).label("month"),
            cast(counted.c.year, Integer).label("year"),
            func.sum(counted.c.count),
        )
        .select_from(counted.join(templates, _t.id == counted.c.template_id))
        .group_by(_t.id, _t.name, _t.template_type, _t.hidden, "month", "year")
        .order_by("year", "month", _t.name)
    )
    rows = await connection.execute(query)
    return [
        MonthlyTemplateUsage(row[0], row[1], row[2], bool(row[3]), row[4], row[5], int(row[6]))
        for row in rows
    ]

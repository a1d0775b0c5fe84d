"""SQL for the public performance page: daily totals by type, processing times and the live services."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Float, case, cast, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.billing import ft_notification_status, ft_processing_time
from notify_api.db.tables.organisations import organisation
from notify_api.db.tables.services import services
from notify_api.enums import EMAIL, KEY_TYPE_TEST, LETTER, SMS

_f, _p, _s, _o = ft_notification_status.c, ft_processing_time.c, services.c, organisation.c


@dataclass(frozen=True, slots=True)
class DailyTotals:
    day: date
    emails: int
    sms: int
    letters: int


@dataclass(frozen=True, slots=True)
class ProcessingTime:
    day: date
    percentage: float


@dataclass(frozen=True, slots=True)
class LiveService:
    service_id: uuid.UUID
    service_name: str
    organisation_id: uuid.UUID | None
    organisation_name: str | None


def _sum_of(kind: str) -> object:
    return func.coalesce(func.sum(case((_f.notification_type == kind, _f.notification_count), else_=0)), 0)


async def daily_totals(
    connection: AsyncConnection, start: date | None, end: date | None
) -> list[DailyTotals]:
    query = (
        select(_f.bst_date, _sum_of(EMAIL), _sum_of(SMS), _sum_of(LETTER))  # type: ignore[call-overload]
        .where(_f.key_type != KEY_TYPE_TEST)
        .group_by(_f.bst_date)
        .order_by(_f.bst_date)
    )
    if start is not None and end is not None:
        query = query.where(_f.bst_date.between(start, end))
    return [
        DailyTotals(row[0], int(row[1]), int(row[2]), int(row[3])) for row in await connection.execute(query)
    ]


async def processing_times(connection: AsyncConnection, start: date, end: date) -> list[ProcessingTime]:
    percentage = case(
        (_p.messages_total == 0, 100.0),
        else_=cast(_p.messages_within_10_secs, Float) / _p.messages_total * 100,
    )
    query = select(_p.bst_date, percentage).where(_p.bst_date.between(start, end)).order_by(_p.bst_date)
    return [ProcessingTime(row[0], float(row[1])) for row in await connection.execute(query)]


async def live_services_with_organisation(connection: AsyncConnection) -> list[LiveService]:
    query = (
        select(_s.id, _s.name, _o.id, _o.name)
        .select_from(services.outerjoin(organisation, _o.id == _s.organisation_id))
        .where(_s.active.is_(True), _s.count_as_live.is_(True), _s.restricted.is_(False))
        .order_by(_o.name.nulls_first(), _s.name)
    )
    return [LiveService(*row) for row in await connection.execute(query)]

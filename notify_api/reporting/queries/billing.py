"""Reading ``ft_billing`` for a service's usage pages: per month and per year of a financial year."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, case, cast, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.billing import ft_billing
from notify_api.enums import SMS

_b = ft_billing.c
# Texts are billed by fragment times the international multiplier; emails and letters by message.
_BILLING_UNITS: Any = func.sum(
    case((_b.notification_type == SMS, _b.billable_units * _b.rate_multiplier), else_=_b.notifications_sent)
)


@dataclass(frozen=True, slots=True)
class UsageRow:
    month: date | None
    notification_type: str
    rate: Decimal
    postage: str
    billing_units: int
    notifications_sent: int


async def monthly_usage(
    connection: AsyncConnection, service_id: uuid.UUID, first_day: date, last_day: date
) -> list[UsageRow]:
    month = cast(func.date_trunc("month", _b.bst_date), Date).label("month")
    query = (
        select(
            month, _b.notification_type, _b.rate, _b.postage, _BILLING_UNITS, func.sum(_b.notifications_sent)
        )
        .where(_b.service_id == service_id, _b.bst_date.between(first_day, last_day))
        .group_by(month, _b.notification_type, _b.rate, _b.postage)
        .order_by(month, _b.notification_type, _b.rate)
    )
    return [
        UsageRow(row[0], row[1], row[2], row[3], int(row[4]), int(row[5]))
        for row in await connection.execute(query)
    ]


async def yearly_usage(
    connection: AsyncConnection, service_id: uuid.UUID, first_day: date, last_day: date
) -> list[UsageRow]:
    query = (
        select(_b.notification_type, _b.rate, _BILLING_UNITS, func.sum(_b.notifications_sent))
        .where(_b.service_id == service_id, _b.bst_date.between(first_day, last_day))
        .group_by(_b.notification_type, _b.rate)
        .order_by(_b.notification_type, _b.rate)
    )
    return [
        UsageRow(None, row[0], row[1], "none", int(row[2]), int(row[3]))
        for row in await connection.execute(query)
    ]

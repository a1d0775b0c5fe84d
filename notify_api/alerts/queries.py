"""SQL of the periodic checks: letters stuck on their way to print, services failing or texting TV numbers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from sqlalchemy import ColumnElement, Float, and_, cast, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.notifications import notifications
from notify_api.db.tables.services import services
from notify_api.enums import (
    CREATED,
    KEY_TYPE_NORMAL,
    KEY_TYPE_TEST,
    LETTER,
    PENDING_VIRUS_CHECK,
    PERMANENT_FAILURE,
    SENDING,
    SMS,
)

# Ofcom's range of numbers for drama (TV), as normalised: 44 7700 900xxx.
TV_NUMBER_PREFIX: Final = "447700900"


@dataclass(frozen=True)
class ServiceCount:
    service_id: uuid.UUID
    count: int


@dataclass(frozen=True)
class ServiceFailureRate:
    service_id: uuid.UUID
    permanent_failure_rate: float


async def letter_references_in_status_before(
    connection: AsyncConnection, status: str, created_before: datetime
) -> list[str]:
    """References (id where none) of letters in ``status`` created before the moment, oldest first."""
    n = notifications.c
    rows = await connection.execute(
        select(func.coalesce(n.reference, cast(n.id, notifications.c.reference.type)))
        .where(n.notification_type == LETTER, n.notification_status == status, n.created_at < created_before)
        .order_by(n.created_at)
    )
    return list(rows.scalars())


async def letters_still_created(connection: AsyncConnection, created_before: datetime) -> list[str]:
    return await letter_references_in_status_before(connection, CREATED, created_before)


async def letters_pending_virus_check(connection: AsyncConnection, created_before: datetime) -> list[str]:
    return await letter_references_in_status_before(connection, PENDING_VIRUS_CHECK, created_before)


async def count_letters_still_sending(connection: AsyncConnection, sent_on_or_before: date) -> int:
    n = notifications.c
    result = await connection.execute(
        select(func.count()).where(
            n.notification_type == LETTER,
            n.notification_status == SENDING,
            n.key_type == KEY_TYPE_NORMAL,
            func.date(n.sent_at) <= sent_on_or_before,
        )
    )
    return int(result.scalar_one())


def _live_sms_between(start: datetime, end: datetime) -> ColumnElement[bool]:
    n = notifications.c
    return and_(
        n.service_id == services.c.id,
        n.created_at >= start,
        n.created_at <= end,
        n.key_type != KEY_TYPE_TEST,
        n.notification_type == SMS,
        services.c.restricted.is_(False),
        services.c.research_mode.is_(False),
        services.c.active.is_(True),
    )


async def services_sending_to_tv_numbers(
    connection: AsyncConnection, start: datetime, end: datetime, threshold: int
) -> list[ServiceCount]:
    """Live services that sent more than ``threshold`` texts to TV numbers in the period."""
    n = notifications.c
    rows = await connection.execute(
        select(n.service_id, func.count())
        .where(_live_sms_between(start, end), n.normalised_to.startswith(TV_NUMBER_PREFIX))
        .group_by(n.service_id)
        .having(func.count() > threshold)
        .order_by(n.service_id)
    )
    return [ServiceCount(service_id, count) for service_id, count in rows]


async def services_with_high_failure_rates(
    connection: AsyncConnection, start: datetime, end: datetime, *, minimum_sent: int, rate: float
) -> list[ServiceFailureRate]:
    """Live services that sent at least ``minimum_sent`` texts in the period, ``rate`` or more of them
    permanently failing."""
    n = notifications.c
    failed = func.count().filter(n.notification_status == PERMANENT_FAILURE)
    failure_rate = cast(failed, Float) / cast(func.count(), Float)
    rows = await connection.execute(
        select(n.service_id, failure_rate)
        .where(_live_sms_between(start, end))
        .group_by(n.service_id)
        .having(and_(func.count() >= minimum_sent, failure_rate >= rate))
        .order_by(n.service_id)
    )
    return [ServiceFailureRate(service_id, float(value)) for service_id, value in rows]

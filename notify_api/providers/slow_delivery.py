"""Which SMS providers are slow to deliver (spec §3.4), for ``switch-current-sms-provider-on-slow-delivery``.

Over the non-test text messages created in the last 10 minutes, a message is slow if it was delivered 4 or
more minutes after it was sent, or is still sending/pending 4 minutes after it was sent. A provider is slow
when at least 30% of its messages are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import Integer, and_, case, cast, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables import notifications

CREATED_WITHIN: Final = timedelta(minutes=10)
SLOW_AFTER: Final = timedelta(minutes=4)
SLOW_RATIO: Final = 0.3


@dataclass(frozen=True)
class DeliverySpeed:
    provider: str
    total: int
    slow: int

    @property
    def slow_ratio(self) -> float:
        return self.slow / self.total if self.total else 0.0

    @property
    def is_slow(self) -> bool:
        return self.total > 0 and self.slow_ratio >= SLOW_RATIO


async def sms_delivery_speeds(connection: AsyncConnection, *, now: datetime) -> list[DeliverySpeed]:
    n = notifications.c
    slow_at = now - SLOW_AFTER
    is_slow = or_(
        and_(n.notification_status == "delivered", n.updated_at - n.sent_at >= SLOW_AFTER),
        and_(n.notification_status.in_(("sending", "pending")), n.sent_at <= slow_at),
    )
    query = (
        select(
            n.sent_by,
            func.count().label("total"),
            func.sum(cast(case((is_slow, 1), else_=0), Integer)).label("slow"),
        )
        .where(
            n.notification_type == "sms",
            n.created_at >= now - CREATED_WITHIN,
            n.key_type != "test",
            n.sent_by.isnot(None),
            n.sent_at.isnot(None),
            n.notification_status.in_(("delivered", "sending", "pending")),
        )
        .group_by(n.sent_by)
        .order_by(n.sent_by)
    )
    rows = (await connection.execute(query)).all()
    return [DeliverySpeed(row.sent_by, int(row.total), int(row.slow or 0)) for row in rows]


def the_one_slow_provider(speeds: list[DeliverySpeed]) -> str | None:
    """The provider to move traffic away from: only when exactly one provider is slow."""
    slow = [speed.provider for speed in speeds if speed.is_slow]
    return slow[0] if len(slow) == 1 else None

"""Which SMS providers are slow to deliver (spec §3.4), for ``switch-current-sms-provider-on-slow-delivery``.

Over the non-test text messages created in the last 10 minutes, a message is slow if it was delivered 4 or
more minutes after it was sent, or is still sending/pending 4 minutes after it was sent. A provider is slow
when at least 30% of its messages are.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.providers import queries
from notify_api.providers.types import DeliverySpeed

CREATED_WITHIN: Final = timedelta(minutes=10)
SLOW_AFTER: Final = timedelta(minutes=4)


async def sms_delivery_speeds(connection: AsyncConnection, *, now: datetime) -> list[DeliverySpeed]:
    return await queries.sms_delivery_speeds_since(
        connection, created_since=now - CREATED_WITHIN, slow_after=SLOW_AFTER, sent_before=now - SLOW_AFTER
    )


def the_one_slow_provider(speeds: list[DeliverySpeed]) -> str | None:
    """The provider to move traffic away from: only when exactly one provider is slow."""
    slow = [speed.provider for speed in speeds if speed.is_slow]
    return slow[0] if len(slow) == 1 else None

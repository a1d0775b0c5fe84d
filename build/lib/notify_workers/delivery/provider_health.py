"""The periodic provider tasks (spec §3.4): move traffic off a slow SMS provider, and back to the middle."""

from __future__ import annotations

from datetime import datetime

from notify_api.logging import get_logger
from notify_api.providers.failover import (
    SLOW_DELIVERY_THRESHOLD,
    PriorityChange,
    reduce_sms_provider_priority,
    tend_providers_back_to_middle,
)
from notify_api.providers.slow_delivery import sms_delivery_speeds, the_one_slow_provider
from notify_api.runtime import Runtime
from notify_api.timeutils import utc_now

log = get_logger(__name__)


async def switch_provider_on_slow_delivery(
    runtime: Runtime, *, now: datetime | None = None
) -> list[PriorityChange]:
    now = now or utc_now()
    async with runtime.database.unit_of_work() as work:
        speeds = await sms_delivery_speeds(work.connection, now=now)
        for speed in speeds:
            log.info("providers.delivery_speed", provider=speed.provider, total=speed.total, slow=speed.slow)
        slow_provider = the_one_slow_provider(speeds)
        if slow_provider is None:
            return []
        log.warning("providers.slow_delivery", provider=slow_provider)
        return await reduce_sms_provider_priority(
            work.connection, slow_provider, threshold=SLOW_DELIVERY_THRESHOLD, now=now
        )


async def tend_providers(runtime: Runtime, *, now: datetime | None = None) -> list[PriorityChange]:
    async with runtime.database.unit_of_work() as work:
        return await tend_providers_back_to_middle(work.connection, now=now or utc_now())

"""Per-service rate limit (sliding 60 s window per key type) and daily message limit, kept in Redis.

Both checks share one Redis round trip. A Redis failure lets the request through: a limit that cannot be
checked must not stop a government service from sending.
"""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime
from typing import Final

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from notify_api.api_keys.types import KEY_TYPE_LABELS, KEY_TYPE_TEST
from notify_api.errors import RateLimitError, TooManyRequestsError
from notify_api.logging import get_logger
from notify_api.services.types import ServiceSummary

log = get_logger(__name__)

RATE_LIMIT_WINDOW_SECONDS: Final = 60
DAILY_COUNT_TTL_SECONDS: Final = 24 * 60 * 60


def daily_count_key(service_id: uuid.UUID, now: datetime | None = None) -> str:
    day = (now or datetime.now(UTC)).strftime("%Y-%m-%d")
    return f"{service_id}-{day}-count"


def rate_limit_key(service_id: uuid.UUID, key_type: str) -> str:
    return f"{service_id}-{key_type}"


async def check_send_limits(
    redis: aioredis.Redis,
    service: ServiceSummary,
    key_type: str,
    *,
    rate_limit_enabled: bool,
) -> None:
    """Raise the rate-limit (429) or daily-limit (429) error, in that order, if the service is over."""
    check_daily = key_type != KEY_TYPE_TEST
    if not rate_limit_enabled and not check_daily:
        return
    now = time.time()
    rate_key = rate_limit_key(service.id, key_type)
    daily_key = daily_count_key(service.id)
    try:
        async with redis.pipeline(transaction=False) as pipe:
            if rate_limit_enabled:
                # A unique member per request: two requests in the same microsecond must both count.
                pipe.zadd(rate_key, {f"{now}:{uuid.uuid4().hex[:8]}": now})
                pipe.zremrangebyscore(rate_key, "-inf", now - RATE_LIMIT_WINDOW_SECONDS)
                pipe.zcard(rate_key)
                pipe.expire(rate_key, RATE_LIMIT_WINDOW_SECONDS)
            if check_daily:
                pipe.get(daily_key)
            results = await pipe.execute()
    except RedisError as error:
        log.warning("limits.redis_unavailable", error=type(error).__name__)
        return
    if rate_limit_enabled:
        requests_in_window = int(results[2])
        if requests_in_window > service.rate_limit:
            raise RateLimitError(
                f"Exceeded rate limit for key type {KEY_TYPE_LABELS[key_type]} of {service.rate_limit} "
                f"requests per {RATE_LIMIT_WINDOW_SECONDS} seconds",
                429,
            )
    if check_daily:
        sent_today = int(results[-1] or 0)
        if sent_today >= service.message_limit:
            raise TooManyRequestsError(f"Exceeded send limits ({service.message_limit}) for today", 429)


async def count_sent_today(redis: aioredis.Redis, service_id: uuid.UUID, key_type: str) -> None:
    """Add one to today's count after a notification is persisted (test keys do not count)."""
    if key_type == KEY_TYPE_TEST:
        return
    key = daily_count_key(service_id)
    try:
        async with redis.pipeline(transaction=False) as pipe:
            pipe.incr(key)
            pipe.expire(key, DAILY_COUNT_TTL_SECONDS, nx=True)
            await pipe.execute()
    except RedisError as error:
        log.warning("limits.redis_unavailable", error=type(error).__name__)

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

from notify_api.api_keys.types import KEY_TYPE_LABELS
from notify_api.enums import KEY_TYPE_TEST
from notify_api.errors import RateLimitError, TooManyRequestsError
from notify_api.logging import get_logger
from notify_api.services.types import ServiceSummary

log = get_logger(__name__)

RATE_LIMIT_WINDOW_SECONDS: Final = 60
DAILY_COUNT_TTL_SECONDS: Final = 24 * 60 * 60


def daily_count_key(service_id: uuid.UUID, now: datetime | None = None) -> str:
    day = (now or datetime.now(UTC)).date().isoformat()
    return f"{service_id}-{day}-count"


def rate_limit_key(service_id: uuid.UUID, key_type: str) -> str:
    return f"{service_id}-{key_type}"


# Both checks in one Redis command: the sliding window (add this request, drop entries older than the window,
# count, refresh the expiry) and today's count; a request within both limits is counted at once
# (given back if it then fails), which saves the send path a Redis call and keeps concurrent sends from
# overshooting the daily limit.
_CHECK_LIMITS = """
local in_window = -1
if ARGV[4] == '1' then
    redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
    redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (tonumber(ARGV[1]) - tonumber(ARGV[3])))
    in_window = redis.call('ZCARD', KEYS[1])
    redis.call('EXPIRE', KEYS[1], ARGV[3])
end
local sent_today = 0
local counted = 0
if ARGV[5] == '1' then
    sent_today = tonumber(redis.call('GET', KEYS[2]) or '0')
    local within_rate = in_window == -1 or in_window <= tonumber(ARGV[6])
    if within_rate and sent_today < tonumber(ARGV[7]) then
        if redis.call('INCR', KEYS[2]) == 1 then
            redis.call('EXPIRE', KEYS[2], ARGV[8])
        end
        counted = 1
    end
end
return {in_window, sent_today, counted}
"""


async def count_within_limits(
    redis: aioredis.Redis, service: ServiceSummary, key_type: str, *, rate_limit_enabled: bool
) -> bool:
    """Raise the rate-limit (429) or daily-limit (429) error, in that order, if the service is over;
    otherwise count the send against today's limit (test keys are not counted). Returns whether it was
    counted, so that a send that goes no further can be given back with `give_back`."""
    check_daily = key_type != KEY_TYPE_TEST
    if not rate_limit_enabled and not check_daily:
        return False
    now = time.time()
    try:
        in_window, sent_today, counted = await redis.eval(
            _CHECK_LIMITS,
            2,
            rate_limit_key(service.id, key_type),
            daily_count_key(service.id),
            # A unique member per request: two requests in the same microsecond must both count.
            now,
            f"{now}:{uuid.uuid4().hex[:8]}",
            RATE_LIMIT_WINDOW_SECONDS,
            int(rate_limit_enabled),
            int(check_daily),
            service.rate_limit,
            service.message_limit,
            DAILY_COUNT_TTL_SECONDS,
        )
    except RedisError as error:
        log.warning("limits.redis_unavailable", error=type(error).__name__)
        return False
    if rate_limit_enabled and int(in_window) > service.rate_limit:
        raise RateLimitError(
            f"Exceeded rate limit for key type {KEY_TYPE_LABELS[key_type]} of {service.rate_limit} "
            f"requests per {RATE_LIMIT_WINDOW_SECONDS} seconds",
            429,
        )
    if check_daily and int(sent_today) >= service.message_limit:
        raise TooManyRequestsError(f"Exceeded send limits ({service.message_limit}) for today", 429)
    return bool(counted)


async def give_back(redis: aioredis.Redis, service_id: uuid.UUID) -> None:
    """Undo the count of a send that failed a later step or was never going to be sent (simulated)."""
    try:
        await redis.decr(daily_count_key(service_id))
    except RedisError as error:
        log.warning("limits.redis_unavailable", error=type(error).__name__)


# A whole job counted at once: refused if today's count plus the job's rows would pass the limit.
_COUNT_JOB = """
local sent_today = tonumber(redis.call('GET', KEYS[1]) or '0')
if sent_today + tonumber(ARGV[1]) > tonumber(ARGV[2]) then
    return 0
end
if redis.call('INCRBY', KEYS[1], ARGV[1]) == tonumber(ARGV[1]) then
    redis.call('EXPIRE', KEYS[1], ARGV[3])
end
return 1
"""


async def count_job_within_daily_limit(redis: aioredis.Redis, service: ServiceSummary, rows: int) -> bool:
    """Count a job's rows against today's limit if they all fit; False (nothing counted) if they do not.
    A Redis failure lets the job through, as for single sends."""
    try:
        fits = await redis.eval(
            _COUNT_JOB, 1, daily_count_key(service.id), rows, service.message_limit, DAILY_COUNT_TTL_SECONDS
        )
    except RedisError as error:
        log.warning("limits.redis_unavailable", error=type(error).__name__)
        return True
    return bool(fits)


async def give_back_many(redis: aioredis.Redis, service_id: uuid.UUID, count: int) -> None:
    """Undo the count of a job's rows that were never sent (it was cancelled part way)."""
    try:
        await redis.decrby(daily_count_key(service_id), count)
    except RedisError as error:
        log.warning("limits.redis_unavailable", error=type(error).__name__)

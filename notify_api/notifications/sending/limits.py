"""Per-service rate limit (sliding 60 s window per key type) and daily message limits, kept in Redis.

Daily limits: a service may have a limit per channel (``sms_message_limit``, ``email_message_limit``,
``letter_message_limit``, as the current Notify has); a channel without one counts against the total
``message_limit``, the original's only limit. Every send is counted in both today's total and its channel's
count, so either limit can be set or removed at any time of day.

All checks share one Redis round trip. A Redis failure lets the request through: a limit that cannot be
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


def channel_count_key(service_id: uuid.UUID, notification_type: str, now: datetime | None = None) -> str:
    day = (now or datetime.now(UTC)).date().isoformat()
    return f"{service_id}-{notification_type}-{day}-count"


def daily_limit(service: ServiceSummary, notification_type: str) -> tuple[int, bool]:
    """The daily limit that applies to a channel, and whether it is the channel's own."""
    own = service.channel_limits.get(notification_type)
    return (own, True) if own is not None else (service.message_limit, False)


def over_limit_error(service: ServiceSummary, notification_type: str) -> TooManyRequestsError:
    limit, own = daily_limit(service, notification_type)
    label = f"{notification_type}: {limit}" if own else str(limit)
    return TooManyRequestsError(f"Exceeded send limits ({label}) for today", 429)


def _counts_so_far(sent_today: int, channel_today: int, own: bool) -> int:
    return channel_today if own else sent_today


def rate_limit_key(service_id: uuid.UUID, key_type: str) -> str:
    return f"{service_id}-{key_type}"


# All checks in one Redis command: the sliding window (add this request, drop entries older than the window,
# count, refresh the expiry) and today's counts (the total, KEYS[2], and the channel's, KEYS[3]; ARGV[9] says
# which one ARGV[7] limits); a request within its limits is counted at once in both (given back if it then
# fails), which saves the send path a Redis call and keeps concurrent sends from overshooting a limit.
_CHECK_LIMITS = """
local in_window = -1
if ARGV[4] == '1' then
    redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
    redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (tonumber(ARGV[1]) - tonumber(ARGV[3])))
    in_window = redis.call('ZCARD', KEYS[1])
    redis.call('EXPIRE', KEYS[1], ARGV[3])
end
local sent_today = 0
local channel_today = 0
local counted = 0
if ARGV[5] == '1' then
    sent_today = tonumber(redis.call('GET', KEYS[2]) or '0')
    channel_today = tonumber(redis.call('GET', KEYS[3]) or '0')
    local so_far = sent_today
    if ARGV[9] == '1' then so_far = channel_today end
    local within_rate = in_window == -1 or in_window <= tonumber(ARGV[6])
    if within_rate and so_far < tonumber(ARGV[7]) then
        for _, key in ipairs({KEYS[2], KEYS[3]}) do
            if redis.call('INCR', key) == 1 then
                redis.call('EXPIRE', key, ARGV[8])
            end
        end
        counted = 1
    end
end
return {in_window, sent_today, channel_today, counted}
"""


async def count_within_limits(
    redis: aioredis.Redis,
    service: ServiceSummary,
    key_type: str,
    notification_type: str,
    *,
    rate_limit_enabled: bool,
) -> bool:
    """Raise the rate-limit (429) or daily-limit (429) error, in that order, if the service is over;
    otherwise count the send against today's limit (test keys are not counted). Returns whether it was
    counted, so that a send that goes no further can be given back with `give_back`."""
    check_daily = key_type != KEY_TYPE_TEST
    if not rate_limit_enabled and not check_daily:
        return False
    now = time.time()
    limit, own = daily_limit(service, notification_type)
    try:
        in_window, sent_today, channel_today, counted = await redis.eval(
            _CHECK_LIMITS,
            3,
            rate_limit_key(service.id, key_type),
            daily_count_key(service.id),
            channel_count_key(service.id, notification_type),
            # A unique member per request: two requests in the same microsecond must both count.
            now,
            f"{now}:{uuid.uuid4().hex[:8]}",
            RATE_LIMIT_WINDOW_SECONDS,
            int(rate_limit_enabled),
            int(check_daily),
            service.rate_limit,
            limit,
            DAILY_COUNT_TTL_SECONDS,
            int(own),
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
    if check_daily and _counts_so_far(int(sent_today), int(channel_today), own) >= limit:
        raise over_limit_error(service, notification_type)
    return bool(counted)


async def give_back(redis: aioredis.Redis, service_id: uuid.UUID, notification_type: str) -> None:
    """Undo the count of a send that failed a later step or was never going to be sent (simulated)."""
    await give_back_many(redis, service_id, notification_type, 1)


async def sent_today(
    redis: aioredis.Redis, service: ServiceSummary, notification_type: str
) -> tuple[int, int]:
    """Today's count against the channel's limit, and that limit."""
    limit, own = daily_limit(service, notification_type)
    key = channel_count_key(service.id, notification_type) if own else daily_count_key(service.id)
    return int(await redis.get(key) or 0), limit


# A whole job counted at once: refused if today's count plus the job's rows would pass the limit.
_COUNT_JOB = """
local so_far = tonumber(redis.call('GET', KEYS[1]) or '0')
if ARGV[4] == '1' then so_far = tonumber(redis.call('GET', KEYS[2]) or '0') end
if so_far + tonumber(ARGV[1]) > tonumber(ARGV[2]) then
    return 0
end
for _, key in ipairs({KEYS[1], KEYS[2]}) do
    if redis.call('INCRBY', key, ARGV[1]) == tonumber(ARGV[1]) then
        redis.call('EXPIRE', key, ARGV[3])
    end
end
return 1
"""


async def count_job_within_daily_limit(
    redis: aioredis.Redis, service: ServiceSummary, notification_type: str, rows: int
) -> bool:
    """Count a job's rows against today's limit if they all fit; False (nothing counted) if they do not.
    A Redis failure lets the job through, as for single sends."""
    limit, own = daily_limit(service, notification_type)
    try:
        fits = await redis.eval(
            _COUNT_JOB,
            2,
            daily_count_key(service.id),
            channel_count_key(service.id, notification_type),
            rows,
            limit,
            DAILY_COUNT_TTL_SECONDS,
            int(own),
        )
    except RedisError as error:
        log.warning("limits.redis_unavailable", error=type(error).__name__)
        return True
    return bool(fits)


async def give_back_many(
    redis: aioredis.Redis, service_id: uuid.UUID, notification_type: str, count: int
) -> None:
    """Undo the count of sends that were never sent (a failed send, a job cancelled part way)."""
    try:
        async with redis.pipeline(transaction=False) as pipe:
            pipe.decrby(daily_count_key(service_id), count)
            pipe.decrby(channel_count_key(service_id, notification_type), count)
            await pipe.execute()
    except RedisError as error:
        log.warning("limits.redis_unavailable", error=type(error).__name__)

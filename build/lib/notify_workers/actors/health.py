"""``worker_heartbeat``: proves that workers consume messages.

An operator (or a test) enqueues it with a token of their choosing and then reads the Redis key
``worker-heartbeat:{token}``, whose value is the pid of the worker process that handled it.
"""

from __future__ import annotations

import os
from typing import Final

import dramatiq
import redis.asyncio as aioredis

from notify_api.tasks.queues import NOTIFY_INTERNAL
from notify_workers.broker import queue_name, settings

HEARTBEAT_EXPIRY_SECONDS: Final = 600


def heartbeat_key(token: str) -> str:
    return f"worker-heartbeat:{token}"


async def record_heartbeat(redis: aioredis.Redis, token: str, pid: int) -> None:
    await redis.set(heartbeat_key(token), str(pid), ex=HEARTBEAT_EXPIRY_SECONDS)


@dramatiq.actor(actor_name="worker_heartbeat", queue_name=queue_name(NOTIFY_INTERNAL), max_retries=0)
async def worker_heartbeat(token: str) -> None:
    redis = aioredis.Redis.from_url(settings.redis_url)
    try:
        await record_heartbeat(redis, token, os.getpid())
    finally:
        await redis.aclose()

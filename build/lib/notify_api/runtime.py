"""What a process holds for its lifetime: settings, the database, Redis and the task queue.

Built once at start-up (the app's lifespan, the worker's start) and passed to whatever needs it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import redis.asyncio as aioredis

from notify_api.authentication.service import ServiceAuthCache
from notify_api.crypto import Encryption
from notify_api.db.database import Database, create_database
from notify_api.notifications.sending.caches import SendingCaches
from notify_api.settings import Settings
from notify_api.storage import close_object_stores
from notify_api.tasks.broker import build_broker
from notify_api.tasks.enqueue import DramatiqTaskQueue, RedisTaskQueue, TaskQueue


@dataclass
class Runtime:
    settings: Settings
    database: Database
    redis: aioredis.Redis
    tasks: TaskQueue
    encryption: Encryption = field(init=False)
    auth_cache: ServiceAuthCache = field(init=False)
    sending_caches: SendingCaches = field(init=False)

    def __post_init__(self) -> None:
        self.encryption = Encryption(self.settings.secret_keys)
        self.auth_cache = ServiceAuthCache(self.database, self.encryption, self.settings.auth_cache_seconds)
        self.sending_caches = SendingCaches(self.database, self.settings.auth_cache_seconds)

    def forget_service(self, service_id: uuid.UUID) -> None:
        """Drop this process's cached view of a service (after an admin change to it)."""
        self.auth_cache.invalidate(service_id)
        self.sending_caches.invalidate_service(service_id)

    async def close(self) -> None:
        await self.database.dispose()
        await self.redis.aclose()
        await close_object_stores()


def build_task_queue(settings: Settings, redis: aioredis.Redis) -> TaskQueue:
    if settings.task_broker_url == settings.redis_url:
        return RedisTaskQueue(redis, settings.queue_prefix)
    if settings.task_broker_url.startswith("redis"):
        return RedisTaskQueue(aioredis.Redis.from_url(settings.task_broker_url), settings.queue_prefix)
    return DramatiqTaskQueue(build_broker(settings), settings.queue_prefix)


def build_runtime(settings: Settings, *, pool_size: int | None = None) -> Runtime:
    redis = aioredis.Redis.from_url(settings.redis_url)
    return Runtime(
        settings=settings,
        database=create_database(settings, pool_size=pool_size),
        redis=redis,
        tasks=build_task_queue(settings, redis),
    )

"""What a process holds for its lifetime: settings, the database, Redis and the task queue.

Built once at start-up (the app's lifespan, the worker's start) and passed to whatever needs it.
"""

from __future__ import annotations

from dataclasses import dataclass

import redis.asyncio as aioredis

from notify_api.db.database import Database, create_database
from notify_api.settings import Settings
from notify_api.tasks.broker import build_broker
from notify_api.tasks.enqueue import DramatiqTaskQueue, TaskQueue


@dataclass
class Runtime:
    settings: Settings
    database: Database
    redis: aioredis.Redis
    tasks: TaskQueue

    async def close(self) -> None:
        await self.database.dispose()
        await self.redis.aclose()


def build_runtime(settings: Settings, *, pool_size: int | None = None) -> Runtime:
    return Runtime(
        settings=settings,
        database=create_database(settings, pool_size=pool_size),
        redis=aioredis.Redis.from_url(settings.redis_url),
        tasks=DramatiqTaskQueue(build_broker(settings), settings.queue_prefix),
    )

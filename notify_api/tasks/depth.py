"""How many messages wait in each task queue, and how long the oldest has waited, from the broker's keys.

Dramatiq's Redis broker keeps each queue as a list of message ids at ``<namespace>:<queue>`` (workers take
from the head, so the head is the oldest), the messages themselves in the hash ``<namespace>:<queue>.msgs``,
and delayed messages (retries, scheduled sends) at ``<namespace>:<queue>.DQ``. Messages a worker has fetched
but not finished are not counted: they are no longer waiting. Delayed messages count towards the depth (a
worker will have to take them) but not the age (they are not late: they are not due yet).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

import dramatiq
import redis.asyncio as aioredis

from notify_api.tasks.enqueue import REDIS_NAMESPACE
from notify_api.tasks.queues import ALL_QUEUES, prefixed


@dataclass(frozen=True, slots=True)
class QueueStats:
    waiting: int
    oldest_age_seconds: float  # 0 when nothing is waiting


async def queue_stats(
    redis: aioredis.Redis,
    prefix: str = "",
    *,
    queues: Iterable[str] = ALL_QUEUES,
    namespace: str = REDIS_NAMESPACE,
    now: float | None = None,
) -> dict[str, QueueStats]:
    """``{queue name without the prefix: its stats}`` in two round trips."""
    names = list(queues)
    keys = [f"{namespace}:{prefixed(queue, prefix)}" for queue in names]
    pipeline = redis.pipeline(transaction=False)
    for key in keys:
        pipeline.llen(key)
        pipeline.llen(f"{key}.DQ")
        pipeline.lindex(key, 0)
    replies = await pipeline.execute()
    heads = [replies[3 * i + 2] for i in range(len(names))]
    pipeline = redis.pipeline(transaction=False)
    for key, head in zip(keys, heads, strict=True):
        if head is not None:
            pipeline.hget(f"{key}.msgs", head)
    oldest = iter(await pipeline.execute())
    moment = time.time() if now is None else now
    stats: dict[str, QueueStats] = {}
    for i, queue in enumerate(names):
        age = 0.0
        if heads[i] is not None and (encoded := next(oldest)) is not None:
            sent_at = dramatiq.Message.decode(encoded).message_timestamp / 1000
            age = max(0.0, moment - sent_at)
        waiting = int(replies[3 * i]) + int(replies[3 * i + 1])
        stats[queue] = QueueStats(waiting=waiting, oldest_age_seconds=age)
    return stats


async def queue_depths(
    redis: aioredis.Redis,
    prefix: str = "",
    *,
    queues: Iterable[str] = ALL_QUEUES,
    namespace: str = REDIS_NAMESPACE,
) -> dict[str, int]:
    """``{queue name without the prefix: waiting + delayed messages}``."""
    stats = await queue_stats(redis, prefix, queues=queues, namespace=namespace)
    return {queue: each.waiting for queue, each in stats.items()}

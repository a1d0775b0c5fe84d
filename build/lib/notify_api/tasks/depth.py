"""How many messages wait in each task queue, read from the Redis broker's own keys.

Dramatiq's Redis broker keeps each queue as a list of message ids at ``<namespace>:<queue>`` and delayed
messages (retries, scheduled sends) at ``<namespace>:<queue>.DQ``. Messages a worker has fetched but not
finished are not counted: they are no longer waiting.
"""

from __future__ import annotations

from collections.abc import Iterable

import redis.asyncio as aioredis

from notify_api.tasks.enqueue import REDIS_NAMESPACE
from notify_api.tasks.queues import ALL_QUEUES, prefixed


async def queue_depths(
    redis: aioredis.Redis,
    prefix: str = "",
    *,
    queues: Iterable[str] = ALL_QUEUES,
    namespace: str = REDIS_NAMESPACE,
) -> dict[str, int]:
    """``{queue name without the prefix: waiting + delayed messages}`` in one round trip."""
    names = list(queues)
    pipeline = redis.pipeline(transaction=False)
    for queue in names:
        key = f"{namespace}:{prefixed(queue, prefix)}"
        pipeline.llen(key)
        pipeline.llen(f"{key}.DQ")
    lengths = await pipeline.execute()
    return {queue: int(lengths[2 * i]) + int(lengths[2 * i + 1]) for i, queue in enumerate(names)}

"""Micro-benchmark: one enqueue from the event loop, the project's shortcut against Dramatiq's public API.

    .venv/bin/python bench/enqueue.py [--messages 5000] [--redis-url redis://127.0.0.1:6379/0]

The send path enqueues once per request. ``RedisTaskQueue`` runs Dramatiq's dispatch script through
redis.asyncio (one round trip, no thread); the public alternative is ``RedisBroker.enqueue``, which blocks, so
the API would run it in a thread. Both are timed one at a time and 16 at once (the API's concurrency); prints
microseconds per enqueue and enqueues per second. Uses a namespace of its own and deletes its keys after.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

import dramatiq
import redis
import redis.asyncio as aioredis
from dramatiq.brokers.redis import RedisBroker

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from notify_api.tasks.enqueue import RedisTaskQueue

Enqueue = Callable[[], Awaitable[None]]


async def _timed(enqueue: Enqueue, messages: int, concurrency: int) -> float:
    per_task = messages // concurrency

    async def run() -> None:
        for _ in range(per_task):
            await enqueue()

    started = time.perf_counter()
    await asyncio.gather(*(run() for _ in range(concurrency)))
    return time.perf_counter() - started


def _report(name: str, concurrency: int, messages: int, seconds: float) -> None:
    rate = messages / seconds
    print(f"{name:<38} c={concurrency:<3} {seconds / messages * 1e6:8.1f} µs/enqueue {rate:10.0f} enqueues/s")


async def main(messages: int, redis_url: str) -> None:
    namespace = f"bench-enqueue-{uuid.uuid4().hex[:8]}"
    client = aioredis.Redis.from_url(redis_url)
    shortcut = RedisTaskQueue(client, namespace=namespace)
    broker = RedisBroker(url=redis_url, namespace=namespace, middleware=[])
    broker.declare_queue("send-sms-tasks")
    notification_id = str(uuid.uuid4())

    async def short_way() -> None:
        await shortcut.enqueue("deliver_sms", "send-sms-tasks", notification_id)

    def public_blocking() -> None:
        message = dramatiq.Message(
            queue_name="send-sms-tasks",
            actor_name="deliver_sms",
            args=(notification_id,),
            kwargs={},
            options={},
        )
        broker.enqueue(message)

    async def public_way() -> None:
        await asyncio.to_thread(public_blocking)

    try:
        for name, enqueue in (("shortcut (redis.asyncio, dispatch.lua)", short_way),
                              ("RedisBroker.enqueue in a thread", public_way)):  # fmt: skip
            await _timed(enqueue, 500, 4)  # warm up connections, scripts and the thread pool
            for concurrency in (1, 16):
                _report(name, concurrency, messages, await _timed(enqueue, messages, concurrency))
    finally:
        keys = [key async for key in client.scan_iter(match=f"{namespace}:*")]
        if keys:
            await client.delete(*keys)
        await client.aclose()
        broker.close()
        redis.Redis.from_url(redis_url).close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/5")
    args = parser.parse_args()
    asyncio.run(main(args.messages, args.redis_url))

from __future__ import annotations

import asyncio
import json

import redis.asyncio as aioredis
from click.testing import CliRunner

from cli import cli
from notify_api.tasks.enqueue import RedisTaskQueue

REDIS_URL = "redis://127.0.0.1:6379/10"


async def test_queue_depth_prints_waiting_messages_per_queue() -> None:
    redis = aioredis.Redis.from_url(REDIS_URL)
    await redis.flushdb()
    try:
        queue = RedisTaskQueue(redis, prefix="depth-")
        for _ in range(3):
            await queue.enqueue("deliver_sms", "send-sms-tasks", "id")
        await queue.enqueue("deliver_email", "send-email-tasks", "id", delay_ms=60_000)

        # the command runs its own event loop, so it runs in a thread here
        result = await asyncio.to_thread(
            CliRunner().invoke,
            cli,
            ["queue-depth"],
            env={"REDIS_URL": REDIS_URL, "NOTIFICATION_QUEUE_PREFIX": "depth-"},
        )
    finally:
        await redis.flushdb()
        await redis.aclose()

    assert result.exit_code == 0, result.output
    depths = dict(line.split("\t") for line in result.output.splitlines())
    assert depths["send-sms-tasks"] == "3"
    assert depths["send-email-tasks"] == "1"  # delayed messages count: a worker will have to take them
    assert depths["priority-tasks"] == "0"


async def test_queue_depth_json_gives_each_queues_oldest_message_age() -> None:
    redis = aioredis.Redis.from_url(REDIS_URL)
    await redis.flushdb()
    try:
        queue = RedisTaskQueue(redis, prefix="age-")
        await queue.enqueue("deliver_sms", "send-sms-tasks", "oldest")
        await asyncio.sleep(1.2)
        await queue.enqueue("deliver_sms", "send-sms-tasks", "newest")
        result = await asyncio.to_thread(
            CliRunner().invoke,
            cli,
            ["queue-depth", "--json"],
            env={"REDIS_URL": REDIS_URL, "NOTIFICATION_QUEUE_PREFIX": "age-"},
        )
    finally:
        await redis.flushdb()
        await redis.aclose()

    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["send-sms-tasks"]["waiting"] == 2
    assert 1.2 <= report["send-sms-tasks"]["oldest_message_age_seconds"] < 10  # the first one's age
    assert report["send-email-tasks"] == {"waiting": 0, "oldest_message_age_seconds": 0.0}

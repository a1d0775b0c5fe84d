from __future__ import annotations

import httpx

from notify_api.runtime import Runtime
from notify_api.tasks.enqueue import RedisTaskQueue


async def test_metrics_show_the_depth_of_every_queue(client: httpx.AsyncClient, runtime: Runtime) -> None:
    queue = RedisTaskQueue(runtime.redis, prefix=runtime.settings.queue_prefix)
    for _ in range(2):
        await queue.enqueue("deliver_email", "send-email-tasks", "some-id")

    text = (await client.get("/metrics")).text

    depths = {
        line.split('queue="')[1].split('"')[0]: float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith("queue_depth{")
    }
    assert depths["send-email-tasks"] == 2
    assert depths["send-sms-tasks"] == 0

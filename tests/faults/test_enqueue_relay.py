"""Messages the broker refused while it was down are enqueued seconds after it is back, not at the next
15-minute sweep; a hung broker fails an enqueue after the Redis timeout instead of holding the request."""

from __future__ import annotations

import asyncio
import dataclasses
import time

import dramatiq
import httpx
import redis.asyncio as aioredis
from sqlalchemy.ext.asyncio import AsyncEngine

from notify_api.runtime import build_runtime, redis_client
from notify_api.settings import Settings
from notify_api.tasks.enqueue import REDIS_NAMESPACE, RedisTaskQueue
from notify_api.tasks.relay import RelayingTaskQueue
from tests.faults.own_redis import OwnRedis
from tests.helpers import service_headers
from tests.live_server import committed, live_server
from tests.metrics.processes import wait_for
from tests.public_v2.documents.conftest import create_file_service

QUEUE = "send-sms-tasks"


async def queued_ids(url: str) -> set[str]:
    """The notification ids waiting on the queue, as a Dramatiq worker would read them."""
    client = aioredis.Redis.from_url(url)
    try:
        messages = await client.hvals(f"{REDIS_NAMESPACE}:{QUEUE}.msgs")
    finally:
        await client.aclose()
    return {dramatiq.Message.decode(raw).args[0] for raw in messages}


async def test_sends_refused_while_the_broker_was_down_are_enqueued_once_it_is_back(
    own_redis: OwnRedis, settings: Settings
) -> None:
    client = redis_client(settings, own_redis.url)
    relay = RelayingTaskQueue(RedisTaskQueue(client), retry_seconds=0.2)
    try:
        for number in range(3):
            await relay.enqueue("deliver_sms", QUEUE, f"id-{number}")  # the broker is down: no error
        assert relay.waiting == 3

        own_redis.start()
        await relay.enqueue("deliver_sms", QUEUE, "id-after")
        back = time.monotonic()

        async def all_queued() -> bool:
            return await queued_ids(own_redis.url) == {"id-0", "id-1", "id-2", "id-after"}

        await wait_for(all_queued, 5, "the relay to enqueue what it held")
        assert time.monotonic() - back < 2
        assert relay.waiting == 0
    finally:
        await relay.close()
        await client.aclose()


async def test_a_hung_broker_fails_the_enqueue_after_the_timeout_and_the_relay_keeps_it(
    own_redis: OwnRedis, settings: Settings
) -> None:
    own_redis.start()
    quick = dataclasses.replace(settings, redis_timeout_seconds=0.5)
    client = redis_client(quick, own_redis.url)
    relay = RelayingTaskQueue(RedisTaskQueue(client), retry_seconds=0.2)
    try:
        await relay.enqueue("deliver_sms", QUEUE, "before")
        own_redis.hang()
        started = time.monotonic()
        await asyncio.wait_for(relay.enqueue("deliver_sms", QUEUE, "while-hung"), 5)
        assert time.monotonic() - started < 2
        assert relay.waiting == 1
        own_redis.resume()

        async def queued() -> bool:
            return await queued_ids(own_redis.url) == {"before", "while-hung"}

        await wait_for(queued, 10, "the relay to enqueue after the broker woke")
    finally:
        own_redis.resume()
        await relay.close()
        await client.aclose()


async def test_a_text_accepted_while_the_broker_is_down_is_queued_seconds_after_it_returns(
    own_redis: OwnRedis, settings: Settings, engine: AsyncEngine
) -> None:
    async with committed(engine) as connection:
        service = await create_file_service(connection)
    # The relay and its client live on the server's event loop; the server's runtime closes the relay.
    relay = RelayingTaskQueue(RedisTaskQueue(redis_client(settings, own_redis.url)))
    sms = {
        "phone_number": "07700900123",
        "template_id": str(service.sms.id),
        "personalisation": {"file": "x"},
    }
    with live_server(settings, relay) as base_url:
        async with httpx.AsyncClient(base_url=base_url) as http:
            headers = service_headers(service.key.service_id, service.key.secret)
            response = await http.post("/v2/notifications/sms", headers=headers, json=sms)
        assert response.status_code == 201, response.text
        notification_id = response.json()["id"]
        own_redis.start()
        back = time.monotonic()

        async def queued() -> bool:
            return notification_id in await queued_ids(own_redis.url)

        await wait_for(queued, 10, "the relay to enqueue the accepted text")
        assert time.monotonic() - back < 5  # seconds, not the 15-minute sweep


async def test_every_process_enqueues_through_the_relay(settings: Settings) -> None:
    runtime = build_runtime(settings, pool_size=1)
    try:
        assert isinstance(runtime.tasks, RelayingTaskQueue)
    finally:
        await runtime.close()

"""Guards ``RedisTaskQueue``, which runs Dramatiq's private ``redis/dispatch.lua`` with its own argument list.

If the installed Dramatiq changes the script, its arguments or its message format, these fail: a message
enqueued the short way must reach a real Dramatiq ``Worker`` (immediately, and after its delay) with the
same args and options, and the script call must match the one ``RedisBroker.enqueue`` itself makes.
"""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import dramatiq
import pytest
import redis
import redis.asyncio as aioredis
from dramatiq.brokers.redis import RedisBroker
from dramatiq.middleware import Middleware

from notify_api.tasks.broker import base_middleware
from notify_api.tasks.enqueue import RedisTaskQueue
from tests.conftest import TEST_REDIS_URL

QUEUE = "send-sms-tasks"
ACTOR = "deliver_sms"


class _Received(Middleware):
    """Records every message the worker is about to process, and every delayed one as it picks it up."""

    def __init__(self) -> None:
        self.messages: list[tuple[float, dramatiq.Message[Any]]] = []
        self.delayed: list[dramatiq.Message[Any]] = []
        self.arrived = threading.Event()

    def before_delay_message(self, broker: dramatiq.Broker, message: dramatiq.Message[Any]) -> None:
        self.delayed.append(message)

    def before_process_message(self, broker: dramatiq.Broker, message: dramatiq.Message[Any]) -> None:
        self.messages.append((time.time(), message))
        self.arrived.set()


class _RecordingAsyncRedis(aioredis.Redis):
    """Keeps the arguments of every script call (``Script`` calls ``evalsha`` on its client)."""

    calls: list[tuple[Any, ...]]

    async def evalsha(self, sha: str, numkeys: int, *keys_and_args: Any) -> Any:  # type: ignore[override]
        self.calls.append(keys_and_args)
        return await super().evalsha(sha, numkeys, *keys_and_args)


class _RecordingRedis(redis.Redis):
    calls: list[tuple[Any, ...]]

    def evalsha(self, sha: str, numkeys: int, *keys_and_args: Any) -> Any:  # type: ignore[override]
        self.calls.append(keys_and_args)
        return super().evalsha(sha, numkeys, *keys_and_args)


@pytest.fixture
def namespace() -> Iterator[str]:
    """A namespace of this test's own in the test Redis database; its keys are deleted afterwards."""
    name = f"test-enqueue-{uuid.uuid4().hex[:12]}"
    yield name
    client = redis.Redis.from_url(TEST_REDIS_URL)
    keys = list(client.scan_iter(match=f"{name}*"))
    if keys:
        client.delete(*keys)
    client.close()


async def _wait_for(received: _Received, count: int, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while len(received.messages) < count and time.monotonic() < deadline:
        received.arrived.clear()
        await asyncio.to_thread(received.arrived.wait, 0.2)
    assert len(received.messages) >= count, f"the worker received {len(received.messages)} of {count}"


async def test_a_real_worker_consumes_messages_enqueued_the_short_way(namespace: str) -> None:
    prefix = f"t{uuid.uuid4().hex[:8]}-"  # queue names must start with a letter
    received = _Received()
    broker = RedisBroker(url=TEST_REDIS_URL, namespace=namespace, middleware=[*base_middleware(), received])
    dramatiq.actor(lambda *args: None, broker=broker, actor_name=ACTOR, queue_name=f"{prefix}{QUEUE}")
    worker = dramatiq.Worker(broker, worker_threads=1, worker_timeout=100)
    client = aioredis.Redis.from_url(TEST_REDIS_URL)
    queue = RedisTaskQueue(client, prefix=prefix, namespace=namespace)
    worker.start()
    try:
        notification_id = str(uuid.uuid4())
        await queue.enqueue(ACTOR, QUEUE, notification_id, 3)
        await _wait_for(received, 1)

        before = int(time.time() * 1000)
        await queue.enqueue(ACTOR, QUEUE, notification_id, "delayed", delay_ms=300)
        after = int(time.time() * 1000)
        await _wait_for(received, 2)
    finally:
        worker.stop()
        broker.close()
        broker.client.close()
        await client.aclose()

    (_, immediate), (delayed_at, delayed) = received.messages
    assert (immediate.actor_name, immediate.queue_name) == (ACTOR, f"{prefix}{QUEUE}")
    assert (immediate.args, immediate.kwargs) == ((notification_id, 3), {})
    assert set(immediate.options) == {"redis_message_id"}

    # A delayed message reaches the worker on the delay queue with its eta, then runs once it is due.
    [picked_up] = received.delayed
    assert (picked_up.actor_name, picked_up.queue_name) == (ACTOR, f"{prefix}{QUEUE}.DQ")
    assert (picked_up.args, picked_up.kwargs) == ((notification_id, "delayed"), {})
    assert set(picked_up.options) == {"redis_message_id", "eta"}
    assert before + 300 <= picked_up.options["eta"] <= after + 300
    assert delayed.message_id == picked_up.message_id
    assert (delayed.actor_name, delayed.queue_name) == (ACTOR, f"{prefix}{QUEUE}")
    assert (delayed.args, delayed.kwargs) == ((notification_id, "delayed"), {})
    assert delayed_at * 1000 >= picked_up.options["eta"] - 5  # not run before it was due


def _message(queue_name: str, *args: Any) -> dramatiq.Message[Any]:
    return dramatiq.Message(queue_name=queue_name, actor_name=ACTOR, args=args, kwargs={}, options={})


def _comparable(call: tuple[Any, ...]) -> dict[str, Any]:
    """A dispatch call with what differs between two enqueues of one message (ids, clocks) taken out."""
    keys_and_args = [item.decode() if isinstance(item, bytes) else item for item in call]
    namespace, command, timestamp, queue_name, broker_id, heartbeat, dead_ttl, maintenance, unpack = (
        keys_and_args[:9]
    )
    redis_message_id, encoded = keys_and_args[9:]
    message = dramatiq.Message.decode(encoded.encode() if isinstance(encoded, str) else encoded)
    assert message.options["redis_message_id"] == redis_message_id
    assert abs(int(timestamp) - time.time() * 1000) < 60_000
    uuid.UUID(broker_id)
    options = {name: value for name, value in message.options.items() if name != "redis_message_id"}
    return {
        "arity": len(keys_and_args),
        "namespace": namespace,
        "command": command,
        "queue_name": queue_name,
        "heartbeat_timeout": int(heartbeat),
        "dead_message_ttl": int(dead_ttl),
        "do_maintenance": int(maintenance),
        # The broker sends half the Lua stack it measured on the server; the script reads it only to batch
        # fetches and maintenance, which an enqueue with do_maintenance 0 never runs.
        "max_unpack_size_positive": int(unpack) > 0,
        "message": (message.queue_name, message.actor_name, message.args, message.kwargs),
        "option_names": sorted(options),
        "eta_in_future": "eta" in options and int(options["eta"]) > int(timestamp),
    }


@pytest.mark.parametrize("delay_ms", [None, 60_000])
async def test_the_script_call_matches_what_the_redis_broker_sends(
    namespace: str, delay_ms: int | None
) -> None:
    sync_client = _RecordingRedis.from_url(TEST_REDIS_URL)
    sync_client.calls = []
    # maintenance_chance=0: the broker's own enqueue never asks for maintenance, and neither do we.
    broker = RedisBroker(client=sync_client, namespace=namespace, middleware=[], maintenance_chance=0)
    async_client = _RecordingAsyncRedis.from_url(TEST_REDIS_URL)
    async_client.calls = []
    queue = RedisTaskQueue(async_client, namespace=namespace)
    try:
        broker.enqueue(_message(QUEUE, "abc", 1), delay=delay_ms)
        await queue.enqueue(ACTOR, QUEUE, "abc", 1, delay_ms=delay_ms)
        queue_name = f"{QUEUE}.DQ" if delay_ms is not None else QUEUE
        stored = redis.Redis.from_url(TEST_REDIS_URL).hgetall(f"{namespace}:{queue_name}.msgs")
    finally:
        broker.close()
        sync_client.close()
        await async_client.aclose()

    broker_calls = [call for call in sync_client.calls if b"enqueue" in call or "enqueue" in call]
    assert len(broker_calls) == 1 and len(async_client.calls) == 1
    assert _comparable(async_client.calls[0]) == _comparable(broker_calls[0])
    # Both messages are stored the same way under the queue, one entry each.
    assert len(stored) == 2
    decoded = [dramatiq.Message.decode(value) for value in stored.values()]
    assert {(m.queue_name, m.actor_name, m.args, tuple(sorted(m.options))) for m in decoded} == {
        (queue_name, ACTOR, ("abc", 1), ("eta", "redis_message_id") if delay_ms else ("redis_message_id",))
    }

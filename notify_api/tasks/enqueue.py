"""Enqueue a message for an actor by name. Messages carry ids only, never personal data.

With the Redis broker the API enqueues asynchronously, in one round trip, by running Dramatiq's own
dispatch script through redis.asyncio, so the message is exactly what a Dramatiq worker expects and the
event loop never blocks. With RabbitMQ, Dramatiq's blocking client runs in a thread.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from importlib import resources
from typing import Any, Final, Protocol

import dramatiq
import redis.asyncio as aioredis

from notify_api.tasks.queues import prefixed

REDIS_NAMESPACE: Final = "notify"
_HEARTBEAT_TIMEOUT_MS: Final = 60_000
_DEAD_MESSAGE_TTL_MS: Final = 7 * 24 * 60 * 60 * 1000
# A batch size for Lua's unpack: read by "fetch" and by maintenance, which we never ask for (0 below).
_MAX_UNPACK_SIZE: Final = 3999


class TaskQueue(Protocol):
    async def enqueue(
        self,
        actor_name: str,
        queue: str,
        *args: Any,
        delay_ms: int | None = None,
        message_id: str | None = None,
    ) -> None:
        """``message_id``: Dramatiq's id for the message (default: a new one), to cancel it by."""


async def enqueue_many(
    tasks: TaskQueue, actor_name: str, queue: str, many_args: list[tuple[Any, ...]]
) -> None:
    """Many messages for one actor: in one round trip when the queue can batch them, else one by one."""
    batched = getattr(tasks, "enqueue_batch", None)
    if batched is not None:
        await batched(actor_name, queue, many_args)
        return
    for args in many_args:
        await tasks.enqueue(actor_name, queue, *args)


def _message(
    queue_name: str,
    actor_name: str,
    args: tuple[Any, ...],
    options: dict[str, Any],
    message_id: str | None = None,
) -> Any:
    message: dramatiq.Message[Any] = dramatiq.Message(
        queue_name=queue_name, actor_name=actor_name, args=args, kwargs={}, options=options
    )
    return message.copy(message_id=message_id) if message_id else message


def _delayed_queue_name(queue_name: str) -> str:
    return f"{queue_name}.DQ"


class RedisTaskQueue:
    """Enqueues by running Dramatiq's private dispatch script with the arguments RedisBroker would pass.

    A shortcut past the library (bench/enqueue.py: about 3x the enqueues per second of RedisBroker.enqueue
    in a thread). tests/tasks/test_redis_enqueue_shortcut.py fails when the installed Dramatiq disagrees:
    a real Worker must consume what we enqueue, and our script call must match RedisBroker.enqueue's.
    """

    def __init__(self, redis: aioredis.Redis, prefix: str = "", namespace: str = REDIS_NAMESPACE) -> None:
        source = resources.files("dramatiq.brokers").joinpath("redis/dispatch.lua").read_text()
        self._redis = redis
        self._dispatch = redis.register_script(source)
        self._prefix = prefix
        self._namespace = namespace
        self._broker_id = str(uuid.uuid4())

    async def enqueue(
        self,
        actor_name: str,
        queue: str,
        *args: Any,
        delay_ms: int | None = None,
        message_id: str | None = None,
    ) -> None:
        await self._dispatch(**self._dispatch_arguments(actor_name, queue, args, delay_ms, message_id))

    async def enqueue_batch(self, actor_name: str, queue: str, many_args: list[tuple[Any, ...]]) -> None:
        """The same script call per message, sent in one pipeline (not a transaction: each is atomic)."""
        if not many_args:
            return
        async with self._redis.pipeline(transaction=False) as pipe:
            for args in many_args:
                await self._dispatch(**self._dispatch_arguments(actor_name, queue, args, None), client=pipe)
            await pipe.execute()

    def _dispatch_arguments(
        self,
        actor_name: str,
        queue: str,
        args: tuple[Any, ...],
        delay_ms: int | None,
        message_id: str | None = None,
    ) -> dict[str, Any]:
        queue_name = prefixed(queue, self._prefix)
        redis_message_id = str(uuid.uuid4())
        options: dict[str, Any] = {"redis_message_id": redis_message_id}
        if delay_ms is not None:
            queue_name = _delayed_queue_name(queue_name)
            options["eta"] = int(time.time() * 1000) + delay_ms
        encoded = _message(queue_name, actor_name, args, options, message_id).encode()
        # dispatch.lua's ARGV, as RedisBroker passes it: tests/tasks/test_redis_enqueue_shortcut.py checks it.
        return dict(
            keys=[self._namespace],
            args=[
                "enqueue",
                int(time.time() * 1000),
                queue_name,
                self._broker_id,
                _HEARTBEAT_TIMEOUT_MS,
                _DEAD_MESSAGE_TTL_MS,
                0,
                _MAX_UNPACK_SIZE,
                redis_message_id,
                encoded,
            ],
        )


class DramatiqTaskQueue:
    """Any Dramatiq broker (RabbitMQ here); its blocking calls run in a worker thread."""

    def __init__(self, broker: dramatiq.Broker, prefix: str = "") -> None:
        self._broker = broker
        self._prefix = prefix
        self._declared: set[str] = set()

    def _enqueue_blocking(
        self, actor_name: str, queue: str, args: tuple[Any, ...], delay_ms: int | None, message_id: str | None
    ) -> None:
        queue_name = prefixed(queue, self._prefix)
        if queue_name not in self._declared:
            self._broker.declare_queue(queue_name)
            self._declared.add(queue_name)
        self._broker.enqueue(_message(queue_name, actor_name, args, {}, message_id), delay=delay_ms)

    async def enqueue(
        self,
        actor_name: str,
        queue: str,
        *args: Any,
        delay_ms: int | None = None,
        message_id: str | None = None,
    ) -> None:
        await asyncio.to_thread(self._enqueue_blocking, actor_name, queue, args, delay_ms, message_id)

"""The enqueue relay: messages the broker refused are enqueued again as soon as it is back.

Every message is enqueued after its row is committed, so a broker outage loses nothing: the outbox sweeper
replays rows left behind. But it runs every 15 minutes. The relay holds each refused message in memory and
tries again every ``RETRY_SECONDS``, so a send accepted during an outage goes out seconds after the broker
returns. It is a fast path, not the guarantee: what a process still holds when it stops (or what does not
fit in ``CAPACITY``) is left to the sweeper, which is why the relay may drop.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from dataclasses import dataclass
from typing import Any, Final

from notify_api.logging import get_logger
from notify_api.metrics.relay import RELAY_OUTCOMES, RELAY_WAITING
from notify_api.tasks.enqueue import TaskQueue, enqueue_many
from notify_api.tasks.errors import BROKER_ERRORS

log = get_logger(__name__)

RETRY_SECONDS: Final = 2.0
CAPACITY: Final = 100_000


@dataclass(frozen=True, slots=True)
class _Message:
    actor_name: str
    queue: str
    args: tuple[Any, ...]
    delay_ms: int | None
    message_id: str | None = None


class RelayingTaskQueue:
    """A task queue that never fails its caller because the broker is down."""

    def __init__(self, inner: TaskQueue, *, retry_seconds: float = RETRY_SECONDS, capacity: int = CAPACITY):
        self._inner = inner
        self._retry_seconds = retry_seconds
        self._waiting: deque[_Message] = deque()
        self._capacity = capacity
        self._relay: asyncio.Task[None] | None = None

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    async def enqueue(
        self,
        actor_name: str,
        queue: str,
        *args: Any,
        delay_ms: int | None = None,
        message_id: str | None = None,
    ) -> None:
        message = _Message(actor_name, queue, args, delay_ms, message_id)
        if self._waiting:  # the broker was down a moment ago: keep the order, join the line
            self._hold(message)
            return
        try:
            await self._inner.enqueue(actor_name, queue, *args, delay_ms=delay_ms, message_id=message_id)
        except BROKER_ERRORS as error:
            log.warning("enqueue.broker_down", actor=actor_name, queue=queue, error=type(error).__name__)
            self._hold(message)

    async def enqueue_batch(self, actor_name: str, queue: str, many_args: list[tuple[Any, ...]]) -> None:
        if self._waiting:
            for args in many_args:
                self._hold(_Message(actor_name, queue, args, None))
            return
        try:
            await enqueue_many(self._inner, actor_name, queue, many_args)
        except BROKER_ERRORS as error:
            # A pipeline may have sent part of the batch: holding all of it can enqueue some twice, which
            # delivery tolerates (it claims a row only while it is still `created`).
            log.warning("enqueue.broker_down", actor=actor_name, queue=queue, error=type(error).__name__)
            for args in many_args:
                self._hold(_Message(actor_name, queue, args, None))

    def _hold(self, message: _Message) -> None:
        if len(self._waiting) >= self._capacity:
            RELAY_OUTCOMES.labels(outcome="dropped").inc()
            return
        self._waiting.append(message)
        RELAY_WAITING.inc()
        if self._relay is None or self._relay.done():
            self._relay = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        while self._waiting:
            await asyncio.sleep(self._retry_seconds)
            await self.flush()

    async def flush(self) -> int:
        """Enqueue what is waiting, in order, until the broker refuses again; returns how many went."""
        relayed = 0
        while self._waiting:
            message = self._waiting[0]
            try:
                await self._inner.enqueue(
                    message.actor_name,
                    message.queue,
                    *message.args,
                    delay_ms=message.delay_ms,
                    message_id=message.message_id,
                )
            except BROKER_ERRORS:
                break
            self._waiting.popleft()
            RELAY_WAITING.dec()
            RELAY_OUTCOMES.labels(outcome="relayed").inc()
            relayed += 1
        if relayed:
            log.info("enqueue.relayed", count=relayed, still_waiting=len(self._waiting))
        return relayed

    async def close(self) -> None:
        """One last try; what the broker still refuses is left to the outbox sweeper."""
        if self._relay is not None:
            self._relay.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._relay
        await self.flush()
        if self._waiting:
            log.warning("enqueue.relay_abandoned", count=len(self._waiting))
            RELAY_WAITING.dec(len(self._waiting))
            self._waiting.clear()

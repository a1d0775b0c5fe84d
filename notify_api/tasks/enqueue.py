"""Enqueue a message for an actor by name. Messages carry ids only, never personal data."""

from __future__ import annotations

from typing import Any, Protocol

import dramatiq

from notify_api.tasks.queues import prefixed


class TaskQueue(Protocol):
    def enqueue(self, actor_name: str, queue: str, *args: Any, delay_ms: int | None = None) -> None: ...


class DramatiqTaskQueue:
    def __init__(self, broker: dramatiq.Broker, prefix: str = "") -> None:
        self._broker = broker
        self._prefix = prefix
        self._declared: set[str] = set()

    def enqueue(self, actor_name: str, queue: str, *args: Any, delay_ms: int | None = None) -> None:
        queue_name = prefixed(queue, self._prefix)
        if queue_name not in self._declared:
            self._broker.declare_queue(queue_name)
            self._declared.add(queue_name)
        message: dramatiq.Message[Any] = dramatiq.Message(
            queue_name=queue_name, actor_name=actor_name, args=args, kwargs={}, options={}
        )
        self._broker.enqueue(message, delay=delay_ms)


class RecordingTaskQueue:
    """Keeps enqueued messages in memory: for tests that check what would be sent to the workers."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, str, tuple[Any, ...]]] = []

    def enqueue(self, actor_name: str, queue: str, *args: Any, delay_ms: int | None = None) -> None:
        self.messages.append((actor_name, queue, args))

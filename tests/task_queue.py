"""A task queue test double: keeps enqueued messages in memory instead of sending them to a broker."""

from __future__ import annotations

from typing import Any


class RecordingTaskQueue:
    """Keeps enqueued messages in memory: for tests that check what would be sent to the workers."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, str, tuple[Any, ...]]] = []

    async def enqueue(
        self,
        actor_name: str,
        queue: str,
        *args: Any,
        delay_ms: int | None = None,
        message_id: str | None = None,
    ) -> None:
        self.messages.append((actor_name, queue, args))
